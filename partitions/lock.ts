import { open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LOCK_FILE } from './layout.js';

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
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      return { acquired: true, release: () => rm(lockPath, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(lockPath);
    if (holder && isAlive(holder)) return { acquired: false, holder };
    await rm(lockPath, { force: true });
  }
  const holder = await readHolder(lockPath);
  return { acquired: false, holder: holder ?? { pid: 0, hostname: 'unknown', startedAt: '' } };
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
