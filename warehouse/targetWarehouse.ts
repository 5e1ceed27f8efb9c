import fs from 'node:fs';
import path from 'node:path';
import { SprintError, UsageError } from '../common/errors.js';
import { readBuildState } from './buildState.js';
import type { BuildState } from './buildState.js';
import { openWarehouse } from './connection.js';
import type { ConnectionOptions, Warehouse } from './connection.js';

/**
 * Where a build writes, and how its work becomes the warehouse at --db only once every model and
 * test passed. Either way no copy of the last good warehouse is made (at full scale it is tens of
 * GB), and readers of --db see it whole until then.
 *
 * - patch: the build patches the last good warehouse inside one transaction, committed at the
 *   end; an incremental build touches little of a large file.
 * - fresh: a build that redoes everything writes a new file beside --db and renames it over --db
 *   at the end. It commits statement by statement, because DuckDB scans a table created inside
 *   an open transaction with one thread and about twice as slowly (duckdb/duckdb#18074); every
 *   model reading another and every data test paid that on a full build.
 */
export interface BuildTarget {
  warehouse: Warehouse;
  /** What the last good warehouse's build read and ran; empty for a fresh file. */
  previous: BuildState;
  /**
   * Whether the build's statements run inside the one transaction of a patch; a fresh file's
   * commit as they go, so a statement that wants several committed as one opens its own.
   */
  inTransaction: boolean;
  /** After a failed statement: makes the connection usable again (a failed statement aborts a transaction). */
  recover(): Promise<void>;
  /** Makes the build's work the warehouse at --db, and closes it. */
  publish(): Promise<void>;
  /** Leaves --db as it was (rolled back, or the fresh file deleted), and closes it. */
  abandon(): Promise<void>;
}

const EMPTY_STATE: BuildState = { lakeRoot: null, files: [], fingerprints: new Map() };

/**
 * Opens the build's target. `patchable` says, from the last good warehouse's build state, whether
 * this build may patch it; otherwise the build writes a fresh file. An existing --db is opened
 * first even then, so a file that is not a DuckDB warehouse is refused rather than replaced.
 */
export async function openBuildTarget(db: string, options: ConnectionOptions, patchable: (previous: BuildState) => boolean): Promise<BuildTarget> {
  // Through a symlink to the file itself: the fresh file is renamed over the file, not the link.
  const named = path.resolve(db);
  const absolute = fs.lstatSync(named, { throwIfNoEntry: false })?.isSymbolicLink() ? fs.realpathSync(named) : named;
  const existing = fs.statSync(absolute, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new UsageError(`--db ${db} is a folder; pass the warehouse file to write, e.g. data/warehouse.duckdb`);
  try {
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create the folder of --db ${db} (${(error as Error).message}); pass a writable path`);
  }
  if (existing) {
    const warehouse = await openNamed(db, absolute, options);
    try {
      const previous = await readBuildState(warehouse.connection);
      if (patchable(previous)) return await patchInPlace(warehouse, previous);
    } catch (error) {
      warehouse.close();
      throw error;
    }
    warehouse.close();
  }
  return writeFresh(db, absolute, options);
}

async function patchInPlace(warehouse: Warehouse, previous: BuildState): Promise<BuildTarget> {
  const { connection } = warehouse;
  await connection.run('BEGIN TRANSACTION');
  const closing = closeOnce(warehouse);
  return {
    warehouse,
    previous,
    inTransaction: true,
    recover: () => connection.run('ROLLBACK').then(() => {}),
    async publish() {
      await connection.run('COMMIT');
      await connection.run('CHECKPOINT');
      closing.close();
    },
    async abandon() {
      if (closing.open) await connection.run('ROLLBACK').catch(() => {});
      closing.close();
    },
  };
}

/**
 * The fresh file sits beside --db under a hidden name no reader opens. One left by a killed build
 * is deleted here: the build lock (warehouseLock) means no other build is writing it.
 */
async function writeFresh(db: string, absolute: string, options: ConnectionOptions): Promise<BuildTarget> {
  const building = path.join(path.dirname(absolute), `.${path.basename(absolute)}.building-fresh`);
  const remove = () => {
    for (const file of [building, `${building}.wal`]) fs.rmSync(file, { force: true });
  };
  remove();
  const warehouse = await openNamed(db, building, options).catch((error: unknown) => {
    remove();
    throw error;
  });
  const closing = closeOnce(warehouse);
  return {
    warehouse,
    previous: EMPTY_STATE,
    inTransaction: false,
    recover: async () => {},
    async publish() {
      await warehouse.connection.run('CHECKPOINT');
      closing.close();
      // A WAL beside --db belongs to the old file; DuckDB would replay it into the new one.
      fs.rmSync(`${absolute}.wal`, { force: true });
      fs.renameSync(building, absolute);
    },
    async abandon() {
      closing.close();
      remove();
    },
  };
}

/** Closes the warehouse once: abandon may follow a publish that failed after closing it. */
function closeOnce(warehouse: Warehouse): { readonly open: boolean; close(): void } {
  let open = true;
  return {
    get open() {
      return open;
    },
    close() {
      if (open) warehouse.close();
      open = false;
    },
  };
}

async function openNamed(db: string, file: string, options: ConnectionOptions): Promise<Warehouse> {
  try {
    return await openWarehouse(file, options);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    if (/Could not set lock/i.test(reason)) {
      throw new SprintError(`--db ${db} is in use by another process (${reason.replace(/^[A-Za-z ]+Error: /, '')}); wait for it to finish or pass another --db`, { cause: error });
    }
    throw new SprintError(`--db ${db} cannot be opened as a DuckDB warehouse (${reason}); move it away or pass another --db`, { cause: error });
  }
}
