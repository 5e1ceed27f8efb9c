import fs from 'node:fs';
import path from 'node:path';
import { SprintError, UsageError } from '../common/errors.js';
import { DIMENSION_TABLES, EVENT_TABLES, MANIFEST_FILE } from '../partitions/layout.js';
import type { LakeTable } from '../partitions/layout.js';

/** One Parquet file of the lake, as the table globs see it. */
export interface LakeFile {
  table: LakeTable;
  /** `YYYY-MM-DD` of the Hive partition, or null for dimension tables. */
  partitionDate: string | null;
  /** Relative to the lake root, with forward slashes. */
  path: string;
  bytes: number;
}

export interface LakeManifest {
  format?: string;
  params?: Record<string, unknown>;
  complete?: boolean;
}

export interface LakeListing {
  /** Absolute path of the lake root. */
  root: string;
  files: LakeFile[];
  manifest: LakeManifest | null;
}

const PARTITION_DIR = /^date=(\d{4}-\d{2}-\d{2})$/;

/**
 * Lists the Parquet files the warehouse's glob views will read, so a build can tell which date
 * partitions changed since the last one. A missing or empty lake is the user's mistake (a wrong
 * --lake or no simulate run yet), reported before anything is opened.
 */
export function listLake(lakeRoot: string): LakeListing {
  const root = path.resolve(lakeRoot);
  const stat = fs.statSync(root, { throwIfNoEntry: false });
  if (!stat) {
    throw new UsageError(`lake folder ${lakeRoot} does not exist; write one with \`npm run simulate -- --out ${lakeRoot}\` or pass --lake DIR`);
  }
  if (!stat.isDirectory()) throw new UsageError(`--lake ${lakeRoot} is a file; pass the lake's root folder`);

  const files: LakeFile[] = [];
  for (const table of DIMENSION_TABLES) {
    for (const name of parquetFilesIn(path.join(root, table))) {
      files.push(lakeFile(root, table, null, `${table}/${name}`));
    }
  }
  for (const table of EVENT_TABLES) {
    const tableDir = path.join(root, table);
    for (const entry of subfolders(tableDir)) {
      const match = PARTITION_DIR.exec(entry);
      if (!match) {
        throw new SprintError(`unexpected folder ${path.join(tableDir, entry)} in the lake; event tables hold only date=YYYY-MM-DD partitions, so move it away`);
      }
      for (const name of parquetFilesIn(path.join(tableDir, entry))) {
        files.push(lakeFile(root, table, match[1]!, `${table}/${entry}/${name}`));
      }
    }
  }

  const manifest = readManifest(root);
  if (files.length === 0) {
    throw new UsageError(`lake ${lakeRoot} is empty (no Parquet files); run \`npm run simulate -- --out ${lakeRoot}\` first`);
  }
  // Every fact refers to the dimensions, so a lake without them cannot pass the data tests.
  const missing = (['players', 'products', 'sessions'] as const).filter((table) => !files.some((file) => file.table === table));
  if (missing.length > 0) {
    const partial = manifest?.complete === false ? ' yet: the lake is partial, so build again once the shard that writes them has run' : '';
    throw new UsageError(`lake ${lakeRoot} has no ${missing.join(', ')} Parquet files${partial || '; is --lake the root written by `npm run simulate`?'}`);
  }
  return { root, files, manifest };
}

function lakeFile(root: string, table: LakeTable, partitionDate: string | null, relative: string): LakeFile {
  return { table, partitionDate, path: relative, bytes: fs.statSync(path.join(root, relative)).size };
}

function parquetFilesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.parquet'))
    .map((entry) => entry.name)
    .sort();
}

function subfolders(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function readManifest(root: string): LakeManifest | null {
  const file = path.join(root, MANIFEST_FILE);
  if (!fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LakeManifest;
  } catch (error) {
    throw new SprintError(`lake manifest ${file} is not valid JSON (${(error as Error).message}); rerun simulate with --resume to rewrite it`, { cause: error });
  }
}

/** Every date partition of a table that holds at least one file. */
export function partitionDates(files: readonly LakeFile[], table: LakeTable): string[] {
  const dates = new Set<string>();
  for (const file of files) if (file.table === table && file.partitionDate) dates.add(file.partitionDate);
  return [...dates].sort();
}
