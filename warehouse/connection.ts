import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Json } from '@duckdb/node-api';

export interface ConnectionOptions {
  /** DuckDB's memory_limit, e.g. '4GB' or '75%'; DuckDB's default when absent. */
  memoryLimit?: string;
  threads?: number;
  readOnly?: boolean;
}

export interface Warehouse {
  connection: DuckDBConnection;
  close(): void;
}

/**
 * Opens a DuckDB database with the settings every Sprint connection needs. The time zone is pinned
 * to UTC because the lake's timestamps are UTC instants and DATE casts of TIMESTAMP WITH TIME ZONE
 * otherwise follow the machine's zone, which would move events across midnight.
 */
export async function openWarehouse(file: string, options: ConnectionOptions = {}): Promise<Warehouse> {
  const config: Record<string, string> = {};
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.readOnly) config.access_mode = 'READ_ONLY';
  const instance = await DuckDBInstance.create(file, config);
  const connection = await instance.connect();
  // Set after connecting: as a startup option DuckDB refuses it before ICU is loaded.
  await connection.run("SET TimeZone = 'UTC'");
  // Partition-by-partition inserts need no global order; dropping it lets DuckDB stream and spill.
  await connection.run('SET preserve_insertion_order = false');
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;
export type Row = Record<string, Json>;

/** Runs a query and returns its rows as JSON-friendly objects (BIGINT and DECIMAL as strings). */
export async function queryRows(connection: DuckDBConnection, sql: string, params?: Params): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJson() as Row[];
}

/** The first column of the first row, as a number (for counts and sums). */
export async function queryNumber(connection: DuckDBConnection, sql: string, params?: Params): Promise<number> {
  const reader = await connection.runAndReadAll(sql, params);
  const value = reader.getRowsJS()[0]?.[0];
  return value === null || value === undefined ? 0 : Number(value);
}

/** Quotes an identifier or a dotted name part for SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A SQL string literal; only for values the program itself produced (paths, ISO dates), never user input. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
