import path from 'node:path';
import { listValue } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { SprintError } from '../common/errors.js';
import { queryRows } from './connection.js';
import type { LakeFile } from './lakeFiles.js';

const BATCH = 500;

/**
 * Reads the footer of each file the build is about to use, so a truncated or corrupt file is named
 * before any model runs rather than halfway through a long build. Returns rows per file path
 * (relative to the lake root), which the build also uses to report heartbeat throughput.
 */
export async function checkLakeFiles(connection: DuckDBConnection, root: string, files: readonly LakeFile[]): Promise<Map<string, number>> {
  const rows = new Map<string, number>();
  for (let start = 0; start < files.length; start += BATCH) {
    const batch = files.slice(start, start + BATCH);
    const absolute = batch.map((file) => path.join(root, file.path));
    try {
      const result = await queryRows(connection, 'SELECT file_name, num_rows FROM parquet_file_metadata($1::VARCHAR[])', [listValue(absolute)]);
      for (const row of result) rows.set(path.relative(root, row.file_name as string).split(path.sep).join('/'), Number(row.num_rows));
    } catch (error) {
      throw lakeReadError(error) ?? error;
    }
  }
  return rows;
}

/**
 * Finds the first file whose pages cannot be decoded. Some corruption (a damaged page header)
 * makes DuckDB fail without naming the file, so when a model fails the build reads the files it
 * used one by one, every column of every row, to name the culprit. Only on that failure path.
 */
export async function findUnreadableFile(connection: DuckDBConnection, root: string, files: readonly LakeFile[]): Promise<SprintError | null> {
  for (const file of files) {
    const absolute = path.join(root, file.path);
    try {
      await connection.run('SELECT bit_xor(hash(t)) FROM read_parquet($1) AS t', [absolute]);
    } catch (error) {
      return lakeReadError(error) ?? corruptFileError(absolute, error);
    }
  }
  return null;
}

/**
 * Turns DuckDB's message about an unreadable Parquet file into one line that names the file and
 * says how to get a good one; null when the error is about something else.
 */
export function lakeReadError(error: unknown): SprintError | null {
  // Already worded (it passed through here once on its way up): wrapping it again doubled it.
  if (error instanceof SprintError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const file = /["']([^"']+\.parquet)["']/.exec(message)?.[1];
  return file ? corruptFileError(file, error) : null;
}

function corruptFileError(file: string, error: unknown): SprintError {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/^[A-Za-z ]+Error: /, '');
  return new SprintError(
    `lake file ${file} is truncated or corrupt (${reason}); delete it and rerun \`npm run simulate -- --resume\` to rewrite it`,
    { cause: error },
  );
}
