import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { LAKE_TABLES } from '../../partitions/layout.js';
import { rows, tableFingerprint, withConnection } from './duckdb.js';
import { parquetFiles, readLakeManifest } from './process.js';

/** The content fingerprint of every table of a lake (see `tableFingerprint`). */
export async function lakeFingerprints(lake: string): Promise<Record<string, string>> {
  return withConnection(async (db) => {
    const result: Record<string, string> = {};
    for (const table of LAKE_TABLES) result[table] = await tableFingerprint(db, lake, table);
    return result;
  });
}

/**
 * What a run that was stopped at an arbitrary moment may leave: a manifest whose every file is
 * there with its recorded size and rows, and published `*.parquet` files that each decode in full
 * (a half-written file under a final name would fail here, or show fewer rows than the manifest
 * records). The manifest must not claim the lake is complete, unless `finished` is given: the
 * uninterrupted run's lake, which a run killed near its end may have become before the signal
 * landed; then a complete claim must be true, table for table.
 */
export async function expectNothingFalselyComplete(lake: string, finished?: string): Promise<void> {
  const files = parquetFiles(lake);
  const rowsByFile = new Map<string, number>();
  await withConnection(async (db) => {
    for (const file of files) {
      // hash(t) touches every column of every row, so every page is decompressed and decoded.
      const [result] = await rows(db, `SELECT count(*) AS n, sum(hash(t)::HUGEINT) AS h FROM read_parquet('${path.join(lake, file)}') t`).catch((error: unknown) => {
        throw new Error(`${file} cannot be read: ${(error as Error).message}`);
      });
      rowsByFile.set(file, Number(result!.n));
    }
  });
  if (!existsSync(path.join(lake, '_manifest.json'))) return;
  const manifest = readLakeManifest(lake);
  if (manifest.complete && finished !== undefined) {
    expect(files, 'a lake that claims to be complete has every file of an uninterrupted run').toEqual(parquetFiles(finished));
    expect(await lakeFingerprints(lake), 'a lake that claims to be complete equals an uninterrupted run').toEqual(await lakeFingerprints(finished));
  } else {
    expect(manifest.complete, 'an interrupted lake must not claim to be complete').toBe(false);
  }
  for (const unit of Object.values(manifest.units)) {
    for (const file of unit.files) {
      expect(existsSync(path.join(lake, file.path)), `${file.path} is listed in the manifest`).toBe(true);
      expect(statSync(path.join(lake, file.path)).size, `size of ${file.path}`).toBe(file.bytes);
      expect(rowsByFile.get(file.path), `rows of ${file.path}`).toBe(file.rows);
    }
  }
}
