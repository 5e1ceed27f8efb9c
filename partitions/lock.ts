import { link, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LOCK_FILE } from './layout.js';
import { temporaryPathFor } from './atomicWrite.js';

/**
 * One writer per lake. The lock is a file created exclusively; it names its process so that a
 * lock left by a process that died (SIGKILL, power loss) is recognised as stale and taken over
 * rather than blocking the lake forever.
 */
export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

export type LockResult = { acquired: true; release: () => Promise<void> } | { acquired: false; holder: LockHolder };

export async function acquireLock(lakeRoot: string): Promise<LockResult> {
  const lockPath = path.join(lakeRoot, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await createWithContent(lockPath, JSON.stringify(me))) return { acquired: true, release: () => rm(lockPath, { force: true }) };
    const holder = await lockHolder(lakeRoot);
    if (holder) return { acquired: false, holder };
    await rm(lockPath, { force: true });
  }
  const holder = await readHolder(lockPath);
  return { acquired: false, holder: holder ?? { pid: 0, hostname: 'unknown', startedAt: '' } };
}

/** The live process holding the lake's lock, or null when the lock is free or its holder is dead. */
export async function lockHolder(lakeRoot: string): Promise<LockHolder | null> {
  const holder = await readHolder(path.join(lakeRoot, LOCK_FILE));
  return holder && isAlive(holder) ? holder : null;
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
  try {
    return JSON.parse(await readFile(lockPath, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

/** A holder on another machine cannot be checked, so it is presumed alive. */
function isAlive(holder: LockHolder): boolean {
  if (holder.hostname !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
