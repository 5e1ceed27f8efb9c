import { digestHeartbeatFile } from './digestHeartbeatFile.js';
import type { FileDigest } from './digestHeartbeatFile.js';

/** One heartbeat file for the digest pool: what a worker thread is handed. */
export interface DigestTask {
  file: string;
  thresholdSquared: number;
  pruneDistance: number;
}

/** The digest pool's worker entry (bundled by common/workerBundle). */
export default function digestTask(task: DigestTask): Promise<FileDigest> {
  return digestHeartbeatFile(task.file, task.thresholdSquared, task.pruneDistance);
}
