import { open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
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

/**
 * Deletes the files under `root` with a temporary name: what writers stopped mid-file left behind.
 * `mine` limits it to one writer's files where several share the folder (shards of one lake).
 */
export async function removeTemporaryFiles(root: string, mine: (file: string) => boolean = () => true): Promise<void> {
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && TEMPORARY_FILE_PATTERN.test(entry.name) && mine(file)) await rm(file, { force: true });
  }
}

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

/**
 * Writes every byte of `chunks` at the handle's position. One write(2) may write fewer bytes than
 * asked without failing — on a full disk it writes what fits and only the next call reports
 * ENOSPC — so a caller that ignores `bytesWritten` can publish a silently truncated file.
 */
export async function writeAll(handle: FileHandle, chunks: readonly Uint8Array[]): Promise<void> {
  let rest = chunks.filter((chunk) => chunk.byteLength > 0);
  while (rest.length > 0) {
    let { bytesWritten } = await handle.writev(rest);
    if (bytesWritten === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write made no progress'), { code: 'ENOSPC' });
    while (rest.length > 0 && bytesWritten >= rest[0]!.byteLength) bytesWritten -= rest.shift()!.byteLength;
    if (bytesWritten > 0) rest[0] = rest[0]!.subarray(bytesWritten);
  }
}
