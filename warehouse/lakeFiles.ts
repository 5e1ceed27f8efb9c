import fs from 'node:fs';
import path from 'node:path';
import { SprintError, UsageError } from '../engine/errors.js';
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
  /** Modification time in ms: with the size, what tells a rewritten file from the one last read. */
  mtimeMs: number;
  /** Rows, as the manifest counts them; absent for a lake read by its folders or a stored listing. */
  rows?: number;
}

export interface LakeManifest {
  format?: string;
  params?: Record<string, unknown>;
  complete?: boolean;
  totalUnits?: number;
  /** The completed units and the files each published; a unit is listed only once all of them are. */
  units?: Record<string, { files?: { table: string; path: string; rows?: number; bytes?: number }[] }>;
}

export interface LakeListing {
  /** Absolute path of the lake root. */
  root: string;
  files: LakeFile[];
  manifest: LakeManifest | null;
}

const PARTITION_DIR = /^date=(\d{4}-\d{2}-\d{2})$/;

/**
 * Lists the Parquet files the warehouse reads: exactly those of the units the lake's manifest
 * lists as complete, so a unit still being written (or killed halfway) is never half read, and
 * the build can tell which date partitions changed since the last one. A lake without a manifest
 * (not written by Sprint) is read by its folders. A missing or empty lake is the user's mistake
 * (a wrong --lake or no simulate run yet), reported before anything is opened.
 */
export function listLake(lakeRoot: string): LakeListing {
  const root = path.resolve(lakeRoot);
  const stat = fs.statSync(root, { throwIfNoEntry: false });
  if (!stat) {
    throw new UsageError(`lake folder ${lakeRoot} does not exist; write one with \`npm run simulate -- --out ${lakeRoot}\` or pass --lake DIR`);
  }
  if (!stat.isDirectory()) throw new UsageError(`--lake ${lakeRoot} is a file; pass the lake's root folder`);

  const manifest = readManifest(root);
  const files = manifest?.units ? filesOfCompletedUnits(root, lakeRoot, manifest.units) : filesInFolders(root);
  if (files.length === 0) {
    throw new UsageError(`lake ${lakeRoot} is empty (no Parquet files); run \`npm run simulate -- --out ${lakeRoot}\` first`);
  }
  refuseLakeMissingPlayers(lakeRoot, manifest);
  // Every fact refers to the dimensions, so a lake without them cannot pass the data tests.
  const missing = (['players', 'products', 'sessions'] as const).filter((table) => !files.some((file) => file.table === table));
  if (missing.length > 0) {
    const partial = manifest?.complete === false ? ' yet: the lake is partial, so build again once the shard that writes them has run' : '';
    throw new UsageError(`lake ${lakeRoot} has no ${missing.join(', ')} Parquet files${partial || '; is --lake the root written by `npm run simulate`?'}`);
  }
  return { root, files, manifest };
}

/**
 * A partial lake (more shards or a resume to come) is built over what it holds and marked partial,
 * except when its players are incomplete: then facts certainly refer to players the warehouse
 * does not have, and the relationship tests would fail only after the whole build, so it refuses
 * before any work, in one line.
 */
function refuseLakeMissingPlayers(lakeRoot: string, manifest: LakeManifest | null): void {
  if (!manifest?.units || manifest.complete !== false || typeof manifest.params?.players !== 'number') return;
  const expected = manifest.params.players;
  const listed = Object.values(manifest.units)
    .flatMap((unit) => unit.files ?? [])
    .filter((file) => file.table === 'players')
    .reduce((sum, file) => sum + (file.rows ?? 0), 0);
  if (listed < expected) {
    throw new UsageError(
      `lake ${lakeRoot} is partial and holds ${listed.toLocaleString('en-US')} of its ${expected.toLocaleString('en-US')} players, so its facts refer to players not written yet; build once the shards or the --resume that write them have run`,
    );
  }
}

const TABLES: readonly string[] = [...DIMENSION_TABLES, ...EVENT_TABLES];

function filesOfCompletedUnits(root: string, lakeRoot: string, units: NonNullable<LakeManifest['units']>): LakeFile[] {
  const files: LakeFile[] = [];
  for (const [unit, { files: published = [] }] of Object.entries(units)) {
    for (const entry of published) {
      if (!TABLES.includes(entry.table)) continue;
      const relative = entry.path.split(path.sep).join('/');
      // The partition is the folder a file sits in, never its name (names are the engine's business).
      const folder = relative.split('/').slice(1, -1).join('/');
      const match = PARTITION_DIR.exec(folder);
      const isEvent = (EVENT_TABLES as readonly string[]).includes(entry.table);
      if (isEvent !== Boolean(match)) {
        throw new SprintError(`lake manifest of ${lakeRoot} lists ${relative} for unit ${unit}, outside its table's ${isEvent ? 'date=YYYY-MM-DD partitions' : 'folder'}`);
      }
      if (!fs.existsSync(path.join(root, relative))) {
        throw new SprintError(`lake file ${path.join(root, relative)} of completed unit ${unit} is missing; rerun \`npm run simulate -- --resume\` to rewrite it`);
      }
      const file = lakeFile(root, entry.table as LakeTable, match ? match[1]! : null, relative);
      files.push(typeof entry.rows === 'number' ? { ...file, rows: entry.rows } : file);
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function filesInFolders(root: string): LakeFile[] {
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
  return files;
}

function lakeFile(root: string, table: LakeTable, partitionDate: string | null, relative: string): LakeFile {
  const stat = fs.statSync(path.join(root, relative));
  return { table, partitionDate, path: relative, bytes: stat.size, mtimeMs: Math.round(stat.mtimeMs) };
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
