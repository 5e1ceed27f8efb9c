import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../common/errors.js';
import { acquireLockAt } from '../partitions/lock.js';

/**
 * One build per warehouse file: two builds on one --db would each work on a copy and the slower
 * would silently replace the faster's result. The lock sits beside the file (`.NAME.lock`), so a
 * build can hold it before the warehouse exists.
 */
export async function lockWarehouse(db: string): Promise<() => Promise<void>> {
  const absolute = path.resolve(db);
  try {
    mkdirSync(path.dirname(absolute), { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create the folder of --db ${db} (${(error as Error).message}); pass a writable path`);
  }
  const lockPath = path.join(path.dirname(absolute), `.${path.basename(absolute)}.lock`);
  const lock = await acquireLockAt(lockPath);
  if (!lock.acquired) {
    const { pid, hostname, startedAt } = lock.holder;
    throw new UsageError(`--db ${db} is being built by another build-warehouse (pid ${pid} on ${hostname}, since ${startedAt}); wait for it, or delete ${lockPath} if that process is gone`);
  }
  return lock.release;
}
