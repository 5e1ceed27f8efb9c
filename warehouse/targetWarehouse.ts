import fs from 'node:fs';
import path from 'node:path';
import { SprintError, UsageError } from '../common/errors.js';
import { openWarehouse } from './connection.js';
import type { ConnectionOptions, Warehouse } from './connection.js';

export interface TargetWarehouse {
  warehouse: Warehouse;
  /** After a failed first build: removes the file the build created, so no empty warehouse is left. */
  discardIfNew(): void;
}

/**
 * Opens the warehouse file a build writes in place; the build's transaction, not a copy, keeps
 * the last good warehouse until everything passed. DuckDB's own file lock refuses a second
 * writer, which a copy per build could not (two builds each renamed their copy over the target).
 */
export async function openTargetWarehouse(db: string, options: ConnectionOptions): Promise<TargetWarehouse> {
  const absolute = path.resolve(db);
  const existing = fs.statSync(absolute, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new UsageError(`--db ${db} is a folder; pass the warehouse file to write, e.g. data/warehouse.duckdb`);
  try {
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create the folder of --db ${db} (${(error as Error).message}); pass a writable path`);
  }
  const created = !existing;
  const discardIfNew = () => {
    if (!created) return;
    for (const file of [absolute, `${absolute}.wal`]) fs.rmSync(file, { force: true });
  };
  try {
    return { warehouse: await openWarehouse(absolute, options), discardIfNew };
  } catch (error) {
    discardIfNew();
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    if (/Could not set lock/i.test(reason)) {
      throw new SprintError(`--db ${db} is in use by another process (${reason.replace(/^[A-Za-z ]+Error: /, '')}); wait for it to finish or pass another --db`, { cause: error });
    }
    throw new SprintError(`--db ${db} cannot be opened as a DuckDB warehouse (${reason}); move it away or pass another --db`, { cause: error });
  }
}
