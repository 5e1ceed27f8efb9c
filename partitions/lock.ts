import { readFileSync } from 'node:fs';
import { link, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LOCK_FILE } from './layout.js';
import { temporaryPathFor } from './atomicWrite.js';

/**
 * One writer per lake (or per warehouse file). The lock is a file created exclusively; it names
 * its process so that a lock left by a process that died (SIGKILL, power loss) is recognised as
 * stale and taken over rather than blocking the lake forever.
 */
export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  /**
   * The kernel's start time of the process (clock ticks since boot, /proc/PID/stat field 22) and
   * the boot it belongs to: a PID that was reused by a later process, or survived into another
   * boot only as a number, no longer names the holder. Absent where /proc is not available.
   */
  processStart?: number;
  bootId?: string;
}

export type LockResult = { acquired: true; release: () => Promise<void> } | { acquired: false; holder: LockHolder };

export async function acquireLock(lakeRoot: string): Promise<LockResult> {
  return acquireLockAt(path.join(lakeRoot, LOCK_FILE));
}

/** The live process holding the lake's lock, or null when the lock is free or its holder is dead. */
export async function lockHolder(lakeRoot: string): Promise<LockHolder | null> {
  return lockHolderAt(path.join(lakeRoot, LOCK_FILE));
}

export async function lockHolderAt(lockPath: string): Promise<LockHolder | null> {
  const holder = await readHolder(lockPath);
  return holder && isAlive(holder) ? holder : null;
}

/** How long a run waits for a rival that is in the middle of taking over the same stale lock. */
const TAKEOVER_WAIT_MS = 5_000;

/**
 * Takes the lock file at `lockPath`. A stale lock is replaced only by the one process that wins
 * the exclusive creation of a claim named after the dead holder: without it, two runs that both
 * saw the same dead holder would each delete the lock and both believe they had won.
 */
export async function acquireLockAt(lockPath: string): Promise<LockResult> {
  const content = JSON.stringify(currentHolder());
  const acquired: LockResult = { acquired: true, release: () => releaseLock(lockPath, content) };
  const deadline = Date.now() + TAKEOVER_WAIT_MS;
  for (;;) {
    if (await createWithContent(lockPath, content)) return acquired;
    const stale = await readLock(lockPath);
    if (stale?.holder && isAlive(stale.holder)) return { acquired: false, holder: stale.holder };
    if (stale) {
      const claims = await claimTakeover(lockPath, stale, content);
      if (claims) {
        try {
          // Only a claimant may replace this lock, so if it is still there it stays there until
          // the rename below swaps it, atomically, for ours.
          if (sameLock(await readLock(lockPath), stale)) {
            const temporary = temporaryPathFor(lockPath);
            await writeFile(temporary, content);
            await rename(temporary, lockPath);
            if ((await readFile(lockPath, 'utf8').catch(() => '')) === content) return acquired;
          }
        } finally {
          for (const claim of claims) await rm(claim, { force: true });
        }
      }
    }
    // The lock vanished, changed hands, or a live rival is taking it over: look again shortly.
    if (Date.now() > deadline) {
      const holder = (await readLock(lockPath))?.holder;
      return { acquired: false, holder: holder ?? { pid: 0, hostname: 'unknown', startedAt: '' } };
    }
    await new Promise((wake) => setTimeout(wake, 20));
  }
}

/** A lock file as found: its holder (null when the file cannot be parsed, e.g. emptied by a power cut) and its inode. */
interface FoundLock {
  holder: LockHolder | null;
  raw: string;
  inode: number;
}

async function readLock(lockPath: string): Promise<FoundLock | null> {
  try {
    const [raw, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    return { holder: parseHolder(raw), raw, inode: info.ino };
  } catch {
    return null;
  }
}

function sameLock(a: FoundLock | null, b: FoundLock): boolean {
  return a !== null && a.inode === b.inode && a.raw === b.raw;
}

/**
 * Creates the claim on `stale`'s lock, or returns null when a live rival holds it. A claimant that
 * died mid-takeover leaves its claim behind; that claim is itself stale and is claimed in turn,
 * one name further down, so a crash at any moment never blocks the lock for good. Returns every
 * claim file the winner may delete once the lock is replaced (theirs are garbage by then).
 */
async function claimTakeover(lockPath: string, stale: FoundLock, content: string): Promise<string[] | null> {
  const chain: string[] = [];
  // Names end like temporary files, so a lake's --resume clears any a crash left.
  let prefix = `${lockPath}.takeover`;
  let name = stale.holder ? identity(stale.holder) : `0-${stale.inode}`;
  for (let depth = 0; depth < 8; depth++) {
    const claim = `${prefix}.tmp-${name}`;
    if (await createWithContent(claim, content)) return [...chain, claim];
    const claimant = await readHolder(claim);
    if (!claimant || isAlive(claimant)) return null;
    chain.push(claim);
    prefix = `${prefix}-${name}`;
    name = identity(claimant);
  }
  return null;
}

/** Removes the lock only while it is still ours. */
async function releaseLock(lockPath: string, content: string): Promise<void> {
  if ((await readFile(lockPath, 'utf8').catch(() => null)) === content) await rm(lockPath, { force: true });
}

/**
 * Creates `lockPath` holding `content`, or returns false if it exists. The content is written
 * under a temporary name and hard-linked into place (link fails if the name exists), so the lock
 * never exists empty: a rival reading it at that instant would take it for stale and delete it.
 */
async function createWithContent(lockPath: string, content: string): Promise<boolean> {
  const temporary = temporaryPathFor(lockPath);
  await writeFile(temporary, content);
  try {
    await link(temporary, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    await rm(temporary, { force: true });
  }
}

async function readHolder(lockPath: string): Promise<LockHolder | null> {
  return parseHolder(await readFile(lockPath, 'utf8').catch(() => ''));
}

function parseHolder(raw: string): LockHolder | null {
  try {
    const holder = JSON.parse(raw) as LockHolder;
    return typeof holder === 'object' && holder !== null && typeof holder.pid === 'number' ? holder : null;
  } catch {
    return null;
  }
}

function currentHolder(): LockHolder {
  const holder: LockHolder = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  const stat = readProcessStat(process.pid);
  const bootId = readBootId();
  if (stat) holder.processStart = stat.startTicks;
  if (bootId) holder.bootId = bootId;
  return holder;
}

/** Digits only, so that claim names keep the temporary-file pattern. */
function identity(holder: LockHolder): string {
  return `${Math.max(0, Math.trunc(Number(holder.pid)) || 0)}-${holder.processStart ?? (Date.parse(holder.startedAt) || 0)}`;
}

/**
 * A holder on another machine cannot be checked, so it is presumed alive. On this one, a process
 * is dead when its PID is gone, when it is a zombie (killed but not yet reaped: in a container
 * without an init that can last indefinitely, and signal 0 still reaches it), or when the PID now
 * belongs to a process started at another moment or in another boot.
 */
function isAlive(holder: LockHolder): boolean {
  if (holder.hostname !== os.hostname()) return true;
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return false;
  if (holder.bootId !== undefined) {
    const bootId = readBootId();
    if (bootId !== null && bootId !== holder.bootId) return false;
  }
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readProcessStat(holder.pid);
  if (stat === null) return true;
  if (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return false;
  return holder.processStart === undefined || holder.processStart === stat.startTicks;
}

/** State and start time from /proc/PID/stat, or null where there is no such file (not Linux, or the process is gone). */
function readProcessStat(pid: number): { state: string; startTicks: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces and ')': the fields
  // after it start at the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const startTicks = Number(fields[19]);
  return fields[0] && Number.isFinite(startTicks) ? { state: fields[0], startTicks } : null;
}

function readBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}
