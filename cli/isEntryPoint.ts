import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Whether the module at `moduleUrl` (its `import.meta.url`) is the script node was started with.
 * Comparing the URL with `file://${argv[1]}` fails silently (the command does nothing, exit 0) for
 * a path with a space or `#` (the URL escapes them, argv does not) and for a path reached through
 * a symlink (node resolves the main module to its real path, argv keeps the link): so both sides
 * are compared as real paths on disk.
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(fileURLToPath(moduleUrl)) === realpathSync(script);
  } catch {
    return false;
  }
}
