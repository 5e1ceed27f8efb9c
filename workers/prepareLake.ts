import { mkdir, readdir, rm, stat, access, constants } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../common/errors.js';
import { LAKE_TABLES, LOCK_FILE, MANIFEST_FILE, SHARDS_FOLDER, SUCCESS_FILE, manifestFolder, shardFolderName } from '../partitions/layout.js';
import { TEMPORARY_FILE_PATTERN, removeTemporaryFiles } from '../partitions/atomicWrite.js';
import { acquireLock, lockHolder, type LockHolder } from '../partitions/lock.js';
import {
  MANIFEST_FORMAT,
  differingEngine,
  differingParam,
  readManifest,
  writeManifest,
  type EngineIdentity,
  type LakeManifest,
  type ManifestParams,
} from '../partitions/manifest.js';
import type { ShardSpec } from './workUnits.js';

/**
 * Everything that must hold before a run writes a byte: `--out` is a folder we may write, no
 * other run holds this part of it, and its contents are either nothing, the same run to resume
 * (`--resume`), a Sprint lake the user asked to replace (`--force`), or, for `--shard i/N`, the
 * other shards of the same lake by the same engine. Anything else refuses and changes nothing.
 *
 * A run of the whole lake keeps its manifest and lock in the lake's root. A shard keeps them in
 * `_shards/i-of-N/`, so N machines writing one lake on shared storage never write the same file:
 * each records only its own units, and the lake is whole when all N are (see lakeCompletion.ts).
 */
export interface PreparedLake {
  manifest: LakeManifest;
  /** Where this run's manifest and lock live. */
  folder: string;
  /** Whether a file under the lake is this run's to delete (see isMine). */
  ownsFile: (file: string) => boolean;
  release: () => Promise<void>;
}

export interface LakeIdentity {
  params: ManifestParams;
  engine: EngineIdentity;
  shard: ShardSpec;
  /** Names of the units of this run's part of the plan. */
  units: ReadonlySet<string>;
}

type Mode = { resume: boolean; force: boolean };
type Plan = { kind: 'fresh' } | { kind: 'resume'; manifest: LakeManifest } | { kind: 'replace'; entries: string[] } | { kind: 'replace-shard' };

const LAKE_ENTRIES = new Set<string>([...LAKE_TABLES, MANIFEST_FILE, LOCK_FILE, SUCCESS_FILE, SHARDS_FOLDER]);

/** The command-line option behind each manifest parameter, so a refusal names what to change. */
const OPTION_OF_PARAM: Record<keyof ManifestParams, string> = {
  seed: '--seed',
  players: '--players',
  days: '--days',
  startDate: '--start-date',
  blockSize: '--block-size',
  heartbeatShare: '--heartbeats',
  config: '--config',
};

export async function prepareLake(out: string, identity: LakeIdentity, mode: Mode): Promise<PreparedLake> {
  await ensureWritableFolder(out);
  const folder = manifestFolder(out, identity.shard);
  // Decided once without the lock, so that a refusal leaves the folder exactly as it was (not even
  // a lock file created and removed), and again under the lock, where no other run can change it.
  const holder = await lockHolder(folder);
  if (holder) throw inUse(out, identity.shard, holder);
  await planFor(out, folder, identity, mode);
  await mkdir(folder, { recursive: true });
  const lock = await acquireLock(folder);
  if (!lock.acquired) throw inUse(out, identity.shard, lock.holder);
  try {
    const plan = await planFor(out, folder, identity, mode);
    if (plan.kind === 'resume') {
      // Leftovers of a killed run: written under temporary names, never published.
      await removeTemporaryFiles(out, (file) => isMine(out, file, identity));
      if (await forgetDamagedUnits(out, plan.manifest)) await writeManifest(folder, plan.manifest);
      return { manifest: plan.manifest, folder, ownsFile: (file) => isMine(out, file, identity), release: lock.release };
    }
    if (plan.kind === 'replace') for (const name of plan.entries) await rm(path.join(out, name), { recursive: true, force: true });
    if (plan.kind === 'replace-shard') {
      for (const file of await lakeFilesWhere(out, (file) => isMine(out, file, identity))) await rm(file, { force: true });
      await rm(path.join(folder, MANIFEST_FILE), { force: true });
    }
    const now = new Date().toISOString();
    const manifest: LakeManifest = {
      format: MANIFEST_FORMAT,
      engine: identity.engine,
      params: identity.params,
      shard: identity.shard,
      totalUnits: identity.units.size,
      complete: false,
      createdAt: now,
      updatedAt: now,
      units: {},
    };
    // Written before any unit starts: a run killed at its very first file is already a lake that
    // --resume recognises, instead of a folder of files that only --force can clear.
    await writeManifest(folder, manifest);
    return { manifest, folder, ownsFile: (file) => isMine(out, file, identity), release: lock.release };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** What to do with `out` given its contents and the mode, or a UsageError saying why not. Reads only. */
async function planFor(out: string, folder: string, identity: LakeIdentity, mode: Mode): Promise<Plan> {
  const entries = (await readdir(out)).filter((name) => name !== LOCK_FILE && !TEMPORARY_FILE_PATTERN.test(name));
  if (entries.length === 0) return { kind: 'fresh' };
  const foreign = entries.filter((name) => !LAKE_ENTRIES.has(name));
  const sharded = identity.shard.count > 1;
  if (sharded && foreign.length === 0) return planForShard(out, folder, identity, mode);
  if (sharded && !mode.force) throw new UsageError(`--out ${out} holds files that are not part of a Sprint lake (${foreign.slice(0, 3).join(', ')}); choose another --out`);
  if (!sharded && entries.includes(SHARDS_FOLDER) && !mode.force) {
    throw new UsageError(`--out ${out} holds a lake written in shards; pass the same --shard i/N to add to it, --force to replace it, or choose another --out`);
  }
  if (mode.resume) {
    const existing = await readManifestOrRefuse(out, out);
    if (!existing) throw new UsageError(`--resume: ${out} has no ${MANIFEST_FILE}, so it is not a Sprint lake to resume; choose another --out or pass --force to replace it`);
    refuseDifferent(existing, identity, '--resume');
    return { kind: 'resume', manifest: existing };
  }
  if (mode.force) {
    if (foreign.length > 0) throw new UsageError(`--force: ${out} holds files that are not part of a Sprint lake (${foreign.slice(0, 3).join(', ')}); refusing to delete them, choose another --out`);
    return { kind: 'replace', entries };
  }
  throw new UsageError(`--out ${out} is not empty; pass --resume to finish the run there, or --force to replace it`);
}

/**
 * A shard joins a lake that other shards may be writing at this moment: it must agree with every
 * manifest already there (the same N, parameters and engine). `--resume` starts the shard if it
 * has not started, so every pod of an indexed job can run the same command, retries included.
 */
async function planForShard(out: string, folder: string, identity: LakeIdentity, mode: Mode): Promise<Plan> {
  const { index, count } = identity.shard;
  const root = await readManifestOrRefuse(out, out);
  if (root && root.shard.count === 1 && !(await exists(path.join(out, SHARDS_FOLDER)))) {
    throw new UsageError(`--shard ${index}/${count}: ${out} holds a lake written whole, not in shards; choose another --out`);
  }
  for (const name of await shardFolders(out)) {
    const other = await readManifestOrRefuse(out, path.join(out, SHARDS_FOLDER, name));
    if (!other) continue;
    if (other.shard.count !== count) {
      throw new UsageError(`--shard ${index}/${count}: ${out} is being written in ${other.shard.count} shards (${SHARDS_FOLDER}/${name}); use --shard i/${other.shard.count}`);
    }
    refuseDifferent(other, identity, `--shard ${index}/${count}`);
  }
  const mine = await readManifestOrRefuse(out, folder);
  if (!mine) return { kind: 'fresh' };
  refuseDifferent(mine, identity, `--shard ${index}/${count}`);
  if (mode.resume) return { kind: 'resume', manifest: mine };
  if (mode.force) return { kind: 'replace-shard' };
  throw new UsageError(`--shard ${index}/${count} was already started in ${out}; pass --resume to finish it, or --force to write it again`);
}

function refuseDifferent(existing: LakeManifest, identity: LakeIdentity, what: string): void {
  const engine = differingEngine(existing.engine, identity.engine);
  if (engine) {
    throw new UsageError(
      `${what}: the lake was written by another Sprint (its ${engine.name} is ${engine.lake}, this one's ${engine.requested}); mixing two engines in one lake would mix two worlds, so finish it with the Sprint that started it or write a new lake`,
    );
  }
  const difference = differingParam(existing.params, identity.params);
  if (difference) {
    const option = difference.name === 'config' ? `--config (${difference.setting.replace(/^config\./, '')})` : OPTION_OF_PARAM[difference.name];
    throw new UsageError(`${what}: ${option} differs from the lake's (lake: ${difference.lake}, requested: ${difference.requested}); rerun with the lake's value or use another --out`);
  }
}

async function shardFolders(out: string): Promise<string[]> {
  return (await readdir(path.join(out, SHARDS_FOLDER)).catch(() => [] as string[])).filter((name) => /^\d+-of-\d+$/.test(name));
}

/**
 * Whether a path under the lake belongs to this run: in a whole-lake run everything does; in a
 * shard, its own folder under `_shards/` and the files of its own units (file names carry the
 * unit, `part-<unit>.parquet`), so a shard never touches what another machine is writing.
 */
function isMine(out: string, file: string, identity: LakeIdentity): boolean {
  if (identity.shard.count === 1) return true;
  const relative = path.relative(out, file);
  if (relative.startsWith(path.join(SHARDS_FOLDER, shardFolderName(identity.shard)) + path.sep)) return true;
  const unit = /^part-(.+?)\.parquet(\.tmp-\d+-\d+)?$/.exec(path.basename(file))?.[1];
  return unit !== undefined && identity.units.has(unit);
}

async function lakeFilesWhere(out: string, keep: (file: string) => boolean): Promise<string[]> {
  const files: string[] = [];
  for (const table of LAKE_TABLES) {
    const entries = await readdir(path.join(out, table), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) if (entry.isFile() && keep(path.join(entry.parentPath, entry.name))) files.push(path.join(entry.parentPath, entry.name));
  }
  return files;
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null)) !== null;
}

function inUse(out: string, shard: ShardSpec, holder: LockHolder): UsageError {
  const what = shard.count === 1 ? `--out ${out}` : `shard ${shard.index}/${shard.count} of ${out}`;
  const lockFile = path.join(manifestFolder(out, shard), LOCK_FILE);
  return new UsageError(`${what} is in use by another simulate (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt}); wait for it, or delete ${lockFile} if that process is gone`);
}

async function ensureWritableFolder(out: string): Promise<void> {
  const info = await stat(out).catch(() => null);
  if (info && !info.isDirectory()) throw new UsageError(`--out ${out} is a file; pass a folder for the lake`);
  try {
    await mkdir(out, { recursive: true });
    await access(out, constants.W_OK);
  } catch (error) {
    const code = (await ancestorRefusal(out)) ?? (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`--out ${out} cannot be written (${code}); choose a folder you can write to`);
  }
}

/**
 * Why the nearest existing folder above `out` refuses writes (EACCES, EROFS), if it does. A
 * recursive mkdir under a read-only folder fails with a misleading ENOENT; this names the cause.
 */
async function ancestorRefusal(out: string): Promise<string | null> {
  for (let folder = path.dirname(path.resolve(out)); ; folder = path.dirname(folder)) {
    const code = await access(folder, constants.W_OK).then(
      () => null,
      (error: NodeJS.ErrnoException) => error.code ?? null,
    );
    if (code !== 'ENOENT') return code;
    if (folder === path.dirname(folder)) return null;
  }
}

async function readManifestOrRefuse(out: string, folder: string): Promise<LakeManifest | null> {
  try {
    return await readManifest(folder);
  } catch (error) {
    throw new UsageError(`${path.join(folder, MANIFEST_FILE)} is unreadable (${(error as Error).message}); pass --force to replace the lake in ${out}`);
  }
}

/**
 * A unit counts as done only while its files are there as they were written: one whose file was
 * deleted or changed size (truncated, replaced) is dropped from the manifest so --resume writes it
 * again. This is what makes "delete the corrupt file and resume" (build-warehouse's advice) work.
 * Returns whether any unit was dropped.
 */
async function forgetDamagedUnits(out: string, manifest: LakeManifest): Promise<boolean> {
  let forgotten = false;
  for (const [name, unit] of Object.entries(manifest.units)) {
    for (const file of unit.files) {
      const info = await stat(path.join(out, file.path)).catch(() => null);
      if (info?.size === file.bytes) continue;
      delete manifest.units[name];
      forgotten = true;
      break;
    }
  }
  return forgotten;
}
