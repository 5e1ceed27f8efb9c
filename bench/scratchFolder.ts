import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../common/errors.js';

/**
 * The bench's temporary lakes, warehouses and DuckDB outputs: one folder per bench run under the
 * work dir, removed at the end even when a step fails, so a bench never leaves gigabytes behind.
 */
export interface ScratchFolder {
  root: string;
  /** Where `name` lives in the folder. */
  path(name: string): string;
  /** The same, with whatever was there removed (not created: the tools that write there do). */
  fresh(name: string): string;
  remove(name: string): void;
  removeAll(): void;
}

export function createScratchFolder(workDir: string): ScratchFolder {
  if (!fs.statSync(workDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--work-dir ${workDir} is not a folder; pass an existing, writable folder`);
  }
  let root: string;
  try {
    root = fs.mkdtempSync(path.join(workDir, 'sprint-bench-'));
  } catch (error) {
    throw new UsageError(`--work-dir ${workDir}: cannot create a folder there (${(error as Error).message.split('\n')[0]}); pass a writable folder`);
  }
  return {
    root,
    path(name) {
      return path.join(root, name);
    },
    fresh(name) {
      const target = path.join(root, name);
      fs.rmSync(target, { recursive: true, force: true });
      return target;
    },
    remove(name) {
      fs.rmSync(path.join(root, name), { recursive: true, force: true });
    },
    removeAll() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Bytes of every file under `folder` whose name ends with `suffix`. */
export function folderBytes(folder: string, suffix = ''): number {
  let total = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(suffix)) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}
