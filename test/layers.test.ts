import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The folders are the pipeline's stages and each imports only from the stages below it (README,
 * "How it works"). This guards against the arrow that once ran upward (the coordinator in engine/
 * importing workers/, which imported it back) and against the warehouse depending on the simulator.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LAYERS = ['common', 'partitions', 'engine', 'workers', 'warehouse', 'cli', 'bench'] as const;
/** What each layer may import besides itself. The warehouse reads the lake, never the world that wrote it. */
const MAY_IMPORT: Record<(typeof LAYERS)[number], readonly string[]> = {
  common: [],
  partitions: ['common'],
  engine: ['common'],
  workers: ['common', 'partitions', 'engine'],
  warehouse: ['common', 'partitions'],
  cli: ['common', 'partitions', 'engine', 'workers', 'warehouse'],
  bench: ['common', 'partitions', 'engine', 'workers', 'warehouse', 'cli'],
};
/** The pure world does no I/O: no file system, threads or processes. */
const IO_MODULES = /^node:(fs|fs\/promises|worker_threads|child_process|net|http|https)$/;

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/gm)].map((match) => match[1]!);
}

describe('the layers', () => {
  for (const layer of LAYERS) {
    it(`${layer}/ imports only from ${MAY_IMPORT[layer].join(', ') || 'nothing of Sprint'}`, () => {
      const wrong: string[] = [];
      for (const file of sourceFiles(layer)) {
        for (const specifier of importsOf(file)) {
          if (layer === 'engine' && IO_MODULES.test(specifier)) wrong.push(`${file} -> ${specifier}`);
          if (!specifier.startsWith('.')) continue;
          const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), specifier)).split(path.sep)[0]!;
          if (target !== layer && !MAY_IMPORT[layer].includes(target)) wrong.push(`${file} -> ${specifier}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('finds the imports it checks', () => {
    expect(importsOf('workers/unitTask.ts').some((specifier) => specifier.startsWith('../engine/'))).toBe(true);
  });
});
