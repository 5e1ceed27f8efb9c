import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { tableGlob, type LakeTable, EVENT_TABLES } from '../../partitions/layout.js';

/** An in-memory DuckDB with the time zone pinned to UTC, closed after `body`. */
export async function withConnection<T>(body: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    return await body(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

export async function scalar(connection: DuckDBConnection, sql: string): Promise<unknown> {
  const result = await rows(connection, sql);
  return Object.values(result[0] ?? {})[0];
}

/** `read_parquet(...)` over one table of one or more lakes. */
export function readTable(lakes: string | string[], table: LakeTable): string {
  // A shard's part of a lake may lack a table entirely; the union reads the parts that have it.
  const list = Array.isArray(lakes) ? lakes.filter((lake) => existsSync(path.join(lake, table))) : [lakes];
  const globs = list.map((lake) => `'${tableGlob(lake, table)}'`);
  const hive = (EVENT_TABLES as readonly string[]).includes(table) ? ', hive_partitioning = true' : '';
  return `read_parquet([${globs.join(', ')}]${hive})`;
}

/**
 * An order-independent fingerprint of a table's content: row count plus the sum of every row's
 * hash. Two lakes with the same rows in different files or orders give the same fingerprint.
 */
export async function tableFingerprint(connection: DuckDBConnection, lakes: string | string[], table: LakeTable): Promise<string> {
  const [result] = await rows(connection, `SELECT count(*) AS n, sum(hash(t)::HUGEINT) AS h FROM ${readTable(lakes, table)} t`);
  return `${String(result!.n)}:${String(result!.h)}`;
}
