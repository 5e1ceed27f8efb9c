import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * A file appears under its final name only when it is complete: it is written under a temporary
 * name in the same folder, flushed to disk, then renamed (atomic on POSIX filesystems), and the
 * folder is flushed so the rename itself survives a power cut. Temporary names end in `.tmp-…`,
 * which no reader's `*.parquet` or `_manifest.json` pattern matches.
 */
export function temporaryPathFor(finalPath: string): string {
  return `${finalPath}.tmp-${process.pid}-${threadId}`;
}

export const TEMPORARY_FILE_PATTERN = /\.tmp-\d+-\d+$/;

export async function publishFile(temporaryPath: string, finalPath: string): Promise<void> {
  await rename(temporaryPath, finalPath);
  await syncDirectory(path.dirname(finalPath));
}

export async function writeFileAtomic(finalPath: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryPathFor(finalPath);
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await publishFile(temporary, finalPath);
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
