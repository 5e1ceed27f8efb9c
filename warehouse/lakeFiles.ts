import fs from 'node:fs';
import path from 'node:path';
import { SprintError, UsageError } from '../common/errors.js';
import { DIMENSION_TABLES, EVENT_TABLES, MANIFEST_FILE, SHARDS_FOLDER, SUCCESS_FILE } from '../partitions/layout.js';
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
  /** For a lake of shards not yet whole: what it waits for. */
  waitingFor?: string;
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
  refuseLakeWithGaps(lakeRoot, manifest, files);
  // Every fact refers to the dimensions, so a lake without them cannot pass the data tests.
  const missing = (['players', 'products', 'sessions'] as const).filter((table) => !files.some((file) => file.table === table));
  if (missing.length > 0) {
    const partial = manifest?.complete === false ? ' yet: the lake is partial, so build again once the shard that writes them has run' : '';
    throw new UsageError(`lake ${lakeRoot} has no ${missing.join(', ')} Parquet files${partial || '; is --lake the root written by `npm run simulate`?'}`);
  }
  return { root, files, manifest };
}

/**
 * A lake still being written is built over its completed units and marked partial, as long as
 * its dates have no gaps (a run killed and not yet resumed, days still to come): only the
 * sessions still running at its last date lack their end, and the data tests allow for exactly
 * those. A lake with gaps (shards still to come: each writes every N-th day) is refused before
 * any work, in one line: every session crossing midnight into a missing date would fail the data
 * tests after the whole build, and so would facts of players not written yet.
 */
function refuseLakeWithGaps(lakeRoot: string, manifest: LakeManifest | null, files: readonly LakeFile[]): void {
  if (!manifest?.units || manifest.complete !== false) return;
  const dates = partitionDates(files, 'sessions');
  const missing: string[] = [];
  for (let i = 1; i < dates.length; i++) {
    for (let day = Date.parse(`${dates[i - 1]}T00:00:00Z`) + 86_400_000; day < Date.parse(`${dates[i]}T00:00:00Z`); day += 86_400_000) {
      missing.push(new Date(day).toISOString().slice(0, 10));
    }
  }
  const expected = typeof manifest.params?.players === 'number' ? manifest.params.players : 0;
  const players = files.filter((file) => file.table === 'players').reduce((sum, file) => sum + (file.rows ?? 0), 0);
  if (missing.length === 0 && players >= expected) return;
  const what = missing.length > 0 ? `${missing.length} dates missing between its first and last (${missing[0]}${missing.length > 1 ? ', …' : ''})` : `${players.toLocaleString('en-US')} of its ${expected.toLocaleString('en-US')} players`;
  throw new UsageError(
    `lake ${lakeRoot} is partial (${what}${manifest.waitingFor ? `; ${manifest.waitingFor}` : ''}); build once it is complete: finish it with simulate --resume or the missing --shard, and \`npm run check-lake -- --lake ${lakeRoot}\` says what is missing`,
  );
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

/**
 * The lake's own manifest, or, while a lake written by N machines is not yet whole (no
 * `_SUCCESS`), the union of its shards' manifests, marked incomplete.
 */
function readManifest(root: string): LakeManifest | null {
  const shardsDir = path.join(root, SHARDS_FOLDER);
  if (!fs.existsSync(path.join(root, SUCCESS_FILE)) && fs.existsSync(shardsDir)) {
    const shards = fs.readdirSync(shardsDir).filter((name) => /^\d+-of-\d+$/.test(name)).sort();
    const manifests = shards.map((name) => readJson(path.join(shardsDir, name, MANIFEST_FILE))).filter((m): m is LakeManifest => m !== null);
    if (manifests.length > 0) {
      const count = (manifests[0] as { shard?: { count?: number } }).shard?.count ?? shards.length;
      return {
        ...manifests[0],
        totalUnits: undefined,
        complete: false,
        units: Object.assign({}, ...manifests.map((m) => m.units ?? {})),
        waitingFor: `${manifests.length} of ${count} shards have a manifest, and no shard has found them all done`,
      };
    }
  }
  return readJson(path.join(root, MANIFEST_FILE));
}

function readJson(file: string): LakeManifest | null {
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
