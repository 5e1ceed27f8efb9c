import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../common/errors.js';

/**
 * A build works on a copy next to the target and renames it over the target only after every model
 * and data test passed, so a crash, a corrupt lake file or a failed test leaves the last good
 * warehouse as it was (rename is atomic within one folder).
 */
export interface TemporaryWarehouse {
  target: string;
  file: string;
  /** Replaces the target with the finished copy. */
  promote(): void;
  /** Removes the copy and whatever DuckDB left beside it. */
  discard(): void;
}

export function createTemporaryWarehouse(target: string): TemporaryWarehouse {
  const absolute = path.resolve(target);
  const dir = path.dirname(absolute);
  const existing = fs.statSync(absolute, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new UsageError(`--db ${target} is a folder; pass the warehouse file to write, e.g. data/warehouse.duckdb`);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create the folder of --db ${target} (${(error as Error).message}); pass a writable path`);
  }
  const file = path.join(dir, `.${path.basename(absolute)}.building-${process.pid}`);
  const leftovers = () => [file, `${file}.wal`, `${file}.tmp`];
  const discard = () => {
    for (const leftover of leftovers()) fs.rmSync(leftover, { recursive: true, force: true });
  };
  discard();
  removeAbandonedCopies(dir, path.basename(absolute));
  // Incremental builds start from the last good warehouse; its WAL holds commits not yet in the file.
  if (existing) {
    fs.copyFileSync(absolute, file);
    if (fs.existsSync(`${absolute}.wal`)) fs.copyFileSync(`${absolute}.wal`, `${file}.wal`);
  }
  return {
    target: absolute,
    file,
    promote() {
      // A stale WAL beside the target would be replayed into the new file.
      fs.rmSync(`${absolute}.wal`, { force: true });
      fs.renameSync(file, absolute);
      discard();
    },
    discard,
  };
}

/** Copies left by builds that were killed (their process is gone) would otherwise pile up. */
function removeAbandonedCopies(dir: string, base: string): void {
  const prefix = `.${base}.building-`;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)/.exec(name.slice(prefix.length))?.[1]);
    if (!pid || isAlive(pid)) continue;
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
