import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * Whether the module at `moduleUrl` is the script node was started with. Compared as real paths,
 * so a checkout under a folder with a space, a `#`, or reached through a symlink still runs.
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === pathToFileURL(realpathSync(new URL(moduleUrl))).href;
  } catch {
    return false;
  }
}
