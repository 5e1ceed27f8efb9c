import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LAKE_TABLES } from '../partitions/layout.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { tableFingerprint, withConnection } from './helpers/duckdb.js';

// `--shard i/N` lets N machines each write a disjoint part of one lake: the union of the parts
// must equal the lake one machine writes, row for row, and no two parts may write the same file.

let whole: string;
const parts: string[] = [];
let together: string;

beforeAll(async () => {
  whole = temporaryFolder('whole');
  await simulate(whole, { days: 15 });
  for (let i = 0; i < 3; i++) {
    const part = temporaryFolder(`part-${i}`);
    await simulate(part, { days: 15, shard: `${i}/3` });
    parts.push(part);
  }
  together = temporaryFolder('together');
  for (let i = 0; i < 3; i++) await simulate(together, { days: 15, shard: `${i}/3`, resume: i > 0 });
});

afterAll(() => {
  for (const folder of [whole, together, ...parts]) removeFolder(folder);
});

const manifestFiles = (lake: string): string[] =>
  Object.values(JSON.parse(readFileSync(path.join(lake, '_manifest.json'), 'utf8')).units as Record<string, { files: { path: string }[] }>).flatMap((u) => u.files.map((f) => f.path));

describe('sharded runs', () => {
  it('write disjoint parts whose union equals the unsharded lake', async () => {
    await withConnection(async (db) => {
      for (const table of LAKE_TABLES) {
        expect(await tableFingerprint(db, parts, table), table).toEqual(await tableFingerprint(db, whole, table));
      }
    });
    const files = parts.flatMap(manifestFiles);
    expect(new Set(files).size).toBe(files.length);
    expect(new Set(files)).toEqual(new Set(manifestFiles(whole)));
  });

  it('can be written one after another into the same folder, which ends complete and equal', async () => {
    const manifest = JSON.parse(readFileSync(path.join(together, '_manifest.json'), 'utf8'));
    expect(manifest.complete).toBe(true);
    await withConnection(async (db) => {
      for (const table of LAKE_TABLES) expect(await tableFingerprint(db, together, table), table).toEqual(await tableFingerprint(db, whole, table));
    });
  });

  it('marks a lake holding only some parts as incomplete', () => {
    expect(JSON.parse(readFileSync(path.join(parts[0]!, '_manifest.json'), 'utf8')).complete).toBe(false);
  });
});
