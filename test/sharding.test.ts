import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { LAKE_TABLES, MANIFEST_FILE, SHARDS_FOLDER, SUCCESS_FILE } from '../partitions/layout.js';
import { assertLakeComplete } from '../workers/lakeCompletion.js';
import { readManifest } from '../partitions/manifest.js';
import { plannedUnitCount } from '../workers/plannedUnits.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { tableFingerprint, withConnection } from './helpers/duckdb.js';

// `--shard i/N` lets N machines each write a disjoint part of one lake: the union of the parts
// must equal the lake one machine writes, row for row, and no two parts may write the same file.
// Each shard keeps its own manifest under _shards/, and the lake is declared whole (_SUCCESS)
// only once every shard is there exactly once.

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
  for (let i = 0; i < 3; i++) await simulate(together, { days: 15, shard: `${i}/3`, resume: i === 2 });
});

afterAll(() => {
  for (const folder of [whole, together, ...parts]) removeFolder(folder);
});

/** Every manifest of a lake: its own, or its shards'. */
function manifestsOf(lake: string): { units: Record<string, { files: { path: string }[] }> }[] {
  const shards = path.join(lake, SHARDS_FOLDER);
  const folders = existsSync(shards) ? readdirSync(shards).map((name) => path.join(shards, name)) : [lake];
  return folders.map((folder) => JSON.parse(readFileSync(path.join(folder, MANIFEST_FILE), 'utf8')));
}
const manifestFiles = (lake: string): string[] => manifestsOf(lake).flatMap((m) => Object.values(m.units).flatMap((u) => u.files.map((f) => f.path)));

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
    expect(existsSync(path.join(together, SUCCESS_FILE))).toBe(true);
    const merged = await readManifest(together);
    expect(merged?.complete).toBe(true);
    expect(Object.keys(merged!.units).sort()).toEqual(Object.keys((await readManifest(whole))!.units).sort());
    await withConnection(async (db) => {
      for (const table of LAKE_TABLES) expect(await tableFingerprint(db, together, table), table).toEqual(await tableFingerprint(db, whole, table));
    });
  });

  it('leave a lake holding only some parts without _SUCCESS', () => {
    expect(existsSync(path.join(parts[0]!, SUCCESS_FILE))).toBe(false);
    expect(existsSync(path.join(whole, SUCCESS_FILE))).toBe(true);
  });
});

describe('the completion check', () => {
  const planned = async (lake: string) => plannedUnitCount((await readManifest(path.join(lake, SHARDS_FOLDER, '0-of-3')))!.params);
  const copyOf = (lake: string) => {
    const copy = temporaryFolder('check');
    cpSync(lake, copy, { recursive: true });
    return copy;
  };

  it('passes on all N shards and writes _SUCCESS', async () => {
    const lake = copyOf(together);
    rmSync(path.join(lake, SUCCESS_FILE));
    await expect(assertLakeComplete(lake, await planned(lake))).resolves.toMatchObject({ shards: 3 });
    expect(existsSync(path.join(lake, SUCCESS_FILE))).toBe(true);
    removeFolder(lake);
  });

  it('fails on a missing shard, naming it', async () => {
    const lake = copyOf(together);
    rmSync(path.join(lake, SHARDS_FOLDER, '1-of-3'), { recursive: true });
    rmSync(path.join(lake, SUCCESS_FILE));
    await expect(assertLakeComplete(lake, await planned(lake))).rejects.toThrow(/missing shard 1\/3: run the same command with --shard 1\/3/);
    expect(existsSync(path.join(lake, SUCCESS_FILE))).toBe(false);
    removeFolder(lake);
  });

  it('fails on a duplicated shard, naming the unit and both shards', async () => {
    const lake = copyOf(together);
    const one = path.join(lake, SHARDS_FOLDER, '1-of-3', MANIFEST_FILE);
    const two = path.join(lake, SHARDS_FOLDER, '2-of-3', MANIFEST_FILE);
    const manifestOne = JSON.parse(readFileSync(one, 'utf8'));
    const manifestTwo = JSON.parse(readFileSync(two, 'utf8'));
    const [unit, record] = Object.entries(manifestOne.units)[0]!;
    manifestTwo.units[unit] = record;
    (await import('node:fs')).writeFileSync(two, JSON.stringify(manifestTwo));
    await expect(assertLakeComplete(lake, await planned(lake))).rejects.toThrow(new RegExp(`unit ${unit} is written by both shard 1/3 and shard 2/3`));
    removeFolder(lake);
  });

  it('fails on a file that is gone, naming it', async () => {
    const lake = copyOf(together);
    const file = manifestFiles(lake).find((f) => f.startsWith('heartbeats/'))!;
    rmSync(path.join(lake, file));
    await expect(assertLakeComplete(lake, await planned(lake))).rejects.toThrow(new RegExp(`${file.replaceAll('/', '\\/')} of unit .* is gone`));
    removeFolder(lake);
  });
});
