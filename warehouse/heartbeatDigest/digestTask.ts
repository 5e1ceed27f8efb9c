import { move, transferableSymbol, valueSymbol } from 'piscina';
import { digestHeartbeatFile } from './digestHeartbeatFile.js';
import type { FileDigest, FilePart } from './digestHeartbeatFile.js';

/** One heartbeat file, or a part of its row groups, for the digest pool: what a worker thread is handed. */
export interface DigestTask {
  file: string;
  part: FilePart;
  thresholdSquared: number;
  pruneDistance: number;
}

/**
 * The digest pool's worker entry (bundled by common/workerBundle). Its columns are moved to the
 * main thread, not cloned: a dense world's digest is ~200 MB of them, and cloning wrote each
 * twice.
 */
export default async function digestTask(task: DigestTask): Promise<FileDigest> {
  const digest = await digestHeartbeatFile(task.file, task.thresholdSquared, task.pruneDistance, task.part);
  const buffers = [...Object.values(digest.session_beats), ...Object.values(digest.close_ticks)].map((column) => column.buffer);
  // The pool's caller receives the value; the move only changes how it travels.
  return move({ [transferableSymbol]: buffers, [valueSymbol]: digest }) as unknown as FileDigest;
}
