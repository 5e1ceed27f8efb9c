import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { buildWarehouse } from '../../warehouse/buildWarehouse.js';
import type { BuildOptions, BuildSummary } from '../../warehouse/buildWarehouse.js';
import { openWarehouse, queryRows } from '../../warehouse/connection.js';
import type { Row } from '../../warehouse/connection.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Builds a warehouse in-process, with the CLI's defaults and nothing printed. */
export async function build(lake: string, db: string, options: Partial<BuildOptions> = {}): Promise<BuildSummary> {
  return buildWarehouse({ lake, db, encounterThreshold: 50, encounterCooldown: 180, threads: 2, ...options });
}

/** Opens a built warehouse read-only for the duration of `body`. */
export async function withWarehouse<T>(db: string, body: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse(db, { readOnly: true });
  try {
    return await body(warehouse.connection);
  } finally {
    warehouse.close();
  }
}

export async function select(db: string, sql: string): Promise<Row[]> {
  return withWarehouse(db, (connection) => queryRows(connection, sql));
}

/** Runs one of the project's CLIs as a real process, the way a user does. */
export function runCliProcess(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every table (and view over the warehouse's own tables) of the built schemas with an order-independent content hash, to compare two warehouses. */
export async function warehouseContents(db: string): Promise<Record<string, string>> {
  return withWarehouse(db, async (connection) => {
    const tables = await queryRows(
      connection,
      `SELECT schema_name || '.' || table_name AS name FROM duckdb_tables()
       WHERE schema_name IN ('sprint_digest', 'sprint_dim', 'sprint_stage', 'sprint_mart')
       UNION ALL
       -- Views too (the heartbeat models are views over the digest), but not those reading the
       -- lake itself, which a test may have damaged meanwhile.
       SELECT schema_name || '.' || view_name FROM duckdb_views()
       WHERE schema_name IN ('sprint_dim', 'sprint_stage', 'sprint_mart') AND NOT internal AND sql NOT LIKE '%sprint_raw.%'
       ORDER BY name`,
    );
    const contents: Record<string, string> = {};
    for (const { name } of tables) {
      const [schema, table] = (name as string).split('.') as [string, string];
      const columns = await queryRows(
        connection,
        `SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = $1 AND table_name = $2 ORDER BY column_index`,
        [schema, table],
      );
      // Averages summed in a different thread order can differ in the last bit; round them.
      const values = columns
        .map(({ column_name, data_type }) => (data_type === 'DOUBLE' || data_type === 'FLOAT' ? `round("${column_name}", 9)` : `"${column_name}"`))
        .join(', ');
      const [row] = await queryRows(connection, `SELECT count(*) AS n, sum(hash(${values})::HUGEINT) AS h FROM ${name as string}`);
      contents[name as string] = `${row!.n} rows, hash ${row!.h}`;
    }
    return contents;
  });
}

/** What a CLI main function writes to stdout, run in this process (cheaper than a new one). */
export async function captureStdout(body: () => Promise<unknown>): Promise<string> {
  const write = process.stdout.write.bind(process.stdout);
  let output = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    await body();
  } finally {
    process.stdout.write = write;
  }
  return output;
}
