import type { DuckDBConnection } from '@duckdb/node-api';
import type { LakeTable } from '../partitions/layout.js';
import { queryRows } from './connection.js';
import type { LakeFile } from './lakeFiles.js';

export const META_SCHEMA = 'sprint_meta';

/** What the last successful build read and ran, stored in the warehouse it produced. */
export interface BuildState {
  lakeRoot: string | null;
  files: LakeFile[];
  fingerprints: Map<string, string>;
  /** More build_info keys: the settings the build ran with, whether the lake was complete. */
  info?: Readonly<Record<string, string>>;
}

export async function readBuildState(connection: DuckDBConnection): Promise<BuildState> {
  const tables = await queryRows(
    connection,
    `SELECT table_name FROM duckdb_tables() WHERE schema_name = '${META_SCHEMA}' AND database_name = current_database()`,
  );
  const empty: BuildState = { lakeRoot: null, files: [], fingerprints: new Map() };
  if (tables.length < 3) return empty;
  // A warehouse from before mtimes were recorded cannot tell a rewritten file: build it afresh.
  const hasMtime = await queryRows(
    connection,
    `SELECT 1 FROM duckdb_columns() WHERE schema_name = '${META_SCHEMA}' AND table_name = 'lake_files' AND column_name = 'mtime_ms' AND database_name = current_database()`,
  );
  if (hasMtime.length === 0) return empty;
  const info = Object.fromEntries(
    (await queryRows(connection, `SELECT key, value FROM ${META_SCHEMA}.build_info`)).map((row): [string, string] => [row.key as string, row.value as string]),
  );
  const files = await queryRows(connection, `SELECT table_name, partition_date, path, bytes, mtime_ms FROM ${META_SCHEMA}.lake_files`);
  const models = await queryRows(connection, `SELECT model, fingerprint FROM ${META_SCHEMA}.model_fingerprints`);
  return {
    lakeRoot: info.lake_root ?? null,
    files: files.map((row) => ({
      table: row.table_name as LakeTable,
      partitionDate: row.partition_date as string | null,
      path: row.path as string,
      bytes: Number(row.bytes),
      mtimeMs: Number(row.mtime_ms),
    })),
    fingerprints: new Map(models.map((row) => [row.model as string, row.fingerprint as string])),
    info,
  };
}

/**
 * Records the lake files this build read and each model's fingerprint, so the next build can
 * redo only the partitions whose files changed and the models whose definitions changed.
 */
export async function saveBuildState(connection: DuckDBConnection, state: BuildState): Promise<void> {
  await connection.run(`CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA}`);
  await connection.run(`CREATE OR REPLACE TABLE ${META_SCHEMA}.build_info (key VARCHAR PRIMARY KEY, value VARCHAR)`);
  await connection.run(`INSERT INTO ${META_SCHEMA}.build_info VALUES ('lake_root', $1), ('built_at', CAST(now() AS VARCHAR))`, [state.lakeRoot ?? '']);
  for (const [key, value] of Object.entries(state.info ?? {})) {
    await connection.run(`INSERT INTO ${META_SCHEMA}.build_info VALUES ($1, $2)`, [key, value]);
  }
  await connection.run(
    `CREATE OR REPLACE TABLE ${META_SCHEMA}.lake_files (table_name VARCHAR, partition_date VARCHAR, path VARCHAR, bytes BIGINT, mtime_ms BIGINT)`,
  );
  const appender = await connection.createAppender('lake_files', META_SCHEMA);
  for (const file of state.files) {
    appender.appendVarchar(file.table);
    if (file.partitionDate === null) appender.appendNull();
    else appender.appendVarchar(file.partitionDate);
    appender.appendVarchar(file.path);
    appender.appendBigInt(BigInt(file.bytes));
    appender.appendBigInt(BigInt(file.mtimeMs));
    appender.endRow();
  }
  appender.closeSync();
  await connection.run(`CREATE OR REPLACE TABLE ${META_SCHEMA}.model_fingerprints (model VARCHAR PRIMARY KEY, fingerprint VARCHAR)`);
  for (const [model, fingerprint] of state.fingerprints) {
    await connection.run(`INSERT INTO ${META_SCHEMA}.model_fingerprints VALUES ($1, $2)`, [model, fingerprint]);
  }
}
