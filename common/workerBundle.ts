import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
// Inside node_modules so that the bundle's imports of packages resolve to the project's own.
const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'sprint');

/**
 * A worker thread's entry as one plain ES module, bundled with esbuild from a TypeScript file of
 * the project (relative to its root); packages stay imports. Why not let workers load the
 * TypeScript themselves: on Node 20 tsx's hooks do not reach worker threads, so each worker either
 * had its modules compiled to CommonJS (every imported binding read through export getters on
 * each use, ~7% of a worker's CPU) or started its own tsx loader (~1 CPU-second per worker, more
 * than a small run takes). A bundle is plain JavaScript: workers start in milliseconds and call
 * across modules directly. The file is named by its content, so runs of the same code share it
 * and a run never loads another version's bundle.
 */
export async function workerBundle(entry: string): Promise<{ url: URL; hash: string }> {
  const result = await build({
    entryPoints: [path.join(PROJECT_ROOT, entry)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const file = path.join(CACHE_DIR, `${path.basename(entry, '.ts')}-${hash}.mjs`);
  if (!existsSync(file)) {
    await mkdir(CACHE_DIR, { recursive: true });
    // Two runs starting together (or two in one process) may both write it: each renames its own
    // whole file into place.
    const temporary = `${file}.${randomUUID()}.tmp`;
    await writeFile(temporary, code);
    await rename(temporary, file);
  }
  return { url: pathToFileURL(file), hash };
}
