import { mkdir, readdir, rm, stat, access, constants } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../common/errors.js';
import { LAKE_TABLES, LOCK_FILE, MANIFEST_FILE } from '../partitions/layout.js';
import { TEMPORARY_FILE_PATTERN, removeTemporaryFiles } from '../partitions/atomicWrite.js';
import { acquireLock, lockHolder, type LockHolder } from '../partitions/lock.js';
import { MANIFEST_FORMAT, differingParam, readManifest, writeManifest, type LakeManifest, type ManifestParams } from '../partitions/manifest.js';

/**
 * Everything that must hold before a run writes a byte: `--out` is a folder we may write, no
 * other run holds it, and its contents are either nothing, the same run to resume (`--resume`),
 * or a Sprint lake the user asked to replace (`--force`). Anything else refuses and changes
 * nothing.
 */
export interface PreparedLake {
  manifest: LakeManifest;
  release: () => Promise<void>;
}

type Mode = { resume: boolean; force: boolean };
type Plan = { kind: 'fresh' } | { kind: 'resume'; manifest: LakeManifest } | { kind: 'replace'; entries: string[] };

const LAKE_ENTRIES = new Set<string>([...LAKE_TABLES, MANIFEST_FILE, LOCK_FILE]);

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

export async function prepareLake(out: string, params: ManifestParams, totalUnits: number, mode: Mode): Promise<PreparedLake> {
  await ensureWritableFolder(out);
  // Decided once without the lock, so that a refusal leaves the folder exactly as it was (not even
  // a lock file created and removed), and again under the lock, where no other run can change it.
  const holder = await lockHolder(out);
  if (holder) throw inUse(out, holder);
  await planFor(out, params, mode);
  const lock = await acquireLock(out);
  if (!lock.acquired) throw inUse(out, lock.holder);
  try {
    const plan = await planFor(out, params, mode);
    if (plan.kind === 'resume') {
      // Leftovers of a killed run: written under temporary names, never published.
      await removeTemporaryFiles(out);
      if (await forgetDamagedUnits(out, plan.manifest)) await writeManifest(out, plan.manifest);
      return { manifest: plan.manifest, release: lock.release };
    }
    if (plan.kind === 'replace') for (const name of plan.entries) await rm(path.join(out, name), { recursive: true, force: true });
    const now = new Date().toISOString();
    const manifest: LakeManifest = { format: MANIFEST_FORMAT, params, totalUnits, complete: false, createdAt: now, updatedAt: now, units: {} };
    // Written before any unit starts: a run killed at its very first file is already a lake that
    // --resume recognises, instead of a folder of files that only --force can clear.
    await writeManifest(out, manifest);
    return { manifest, release: lock.release };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** What to do with `out` given its contents and the mode, or a UsageError saying why not. Reads only. */
async function planFor(out: string, params: ManifestParams, mode: Mode): Promise<Plan> {
  const entries = (await readdir(out)).filter((name) => name !== LOCK_FILE && !TEMPORARY_FILE_PATTERN.test(name));
  if (entries.length === 0) return { kind: 'fresh' };
  if (mode.resume) {
    const existing = await readManifestOrRefuse(out);
    if (!existing) throw new UsageError(`--resume: ${out} has no ${MANIFEST_FILE}, so it is not a Sprint lake to resume; choose another --out or pass --force to replace it`);
    const difference = differingParam(existing.params, params);
    if (difference) {
      const what = difference.name === 'config' ? `--config (${difference.setting.replace(/^config\./, '')})` : OPTION_OF_PARAM[difference.name];
      throw new UsageError(`--resume: ${what} differs from the lake's (lake: ${difference.lake}, requested: ${difference.requested}); rerun with the lake's value or use another --out`);
    }
    return { kind: 'resume', manifest: existing };
  }
  if (mode.force) {
    const foreign = entries.filter((name) => !LAKE_ENTRIES.has(name));
    if (foreign.length > 0) throw new UsageError(`--force: ${out} holds files that are not part of a Sprint lake (${foreign.slice(0, 3).join(', ')}); refusing to delete them, choose another --out`);
    return { kind: 'replace', entries };
  }
  throw new UsageError(`--out ${out} is not empty; pass --resume to finish the run there, or --force to replace it`);
}

function inUse(out: string, holder: LockHolder): UsageError {
  return new UsageError(`--out ${out} is in use by another simulate (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt}); wait for it, or delete ${path.join(out, LOCK_FILE)} if that process is gone`);
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

async function readManifestOrRefuse(out: string): Promise<LakeManifest | null> {
  try {
    return await readManifest(out);
  } catch (error) {
    throw new UsageError(`${path.join(out, MANIFEST_FILE)} is unreadable (${(error as Error).message}); pass --force to replace the lake`);
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
