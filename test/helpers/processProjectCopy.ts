import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './process.js';

/** What a copy leaves out: installed packages (linked instead), git's store and generated data. */
const NOT_COPIED = new Set(['node_modules', '.git', 'data', 'coverage', 'bench-out', '.tmp']);

/**
 * A copy of the project at `folder` (created, with its parents), as a user's clone would be:
 * the sources and package files copied, node_modules a symlink to this checkout's, so the copy
 * takes milliseconds and runs the same installed packages.
 */
export function copyProject(folder: string): string {
  mkdirSync(folder, { recursive: true });
  cpSync(REPO_ROOT, folder, {
    recursive: true,
    filter: (source) => {
      const relative = path.relative(REPO_ROOT, source);
      return relative === '' || !NOT_COPIED.has(relative.split(path.sep)[0]!);
    },
  });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
  return folder;
}
