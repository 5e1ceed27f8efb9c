import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { listFiles, startCli, waitFor, type RunningCli } from './helpers/process.js';

// A build that redoes everything (a new lake, or --full-refresh) writes a fresh file beside --db
// and renames it over --db at the end. Until then readers must see the last good warehouse, open
// it while the build runs, and a build killed midway must leave it whole; the next build clears
// what the killed one left.

let root: string;
let lakeA: string;
let lakeB: string;
let db: string;
let running: RunningCli | undefined;

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const freshFile = () => path.join(root, 'db', '.warehouse.duckdb.building-fresh');
const build = (lake: string, ...more: string[]) => startCli('cli/buildWarehouse.ts', ['--lake', lake, '--db', db, '--threads', '1', '--no-progress', ...more]);

/** The lake the warehouse at `file` was built from, read the way any reader opens it. */
async function builtFrom(file: string): Promise<string> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll("SELECT value FROM sprint_meta.build_info WHERE key = 'lake_root'");
    connection.closeSync();
    return String(reader.getRowObjectsJS()[0]!.value);
  } finally {
    instance.closeSync();
  }
}

beforeAll(async () => {
  root = temporaryFolder('warehouse-fresh');
  lakeA = path.join(root, 'lake-a');
  lakeB = path.join(root, 'lake-b');
  await simulate(lakeA, { players: 400, days: 4 });
  cpSync(lakeA, lakeB, { recursive: true });
  db = path.join(root, 'db', 'warehouse.duckdb');
  const first = await build(lakeA).done;
  expect(first.code, first.stderr).toBe(0);
});

afterAll(() => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
  removeFolder(root);
});

describe('a full build over an existing warehouse', () => {
  it('leaves --db to its readers while it runs, and whole when it is killed', async () => {
    const good = sha256(db);
    running = build(lakeB);
    await waitFor(() => existsSync(freshFile()), 'the build writes its fresh file', running);
    running.child.kill('SIGSTOP');
    // The patching build holds DuckDB's write lock on --db; a fresh one does not touch it.
    expect(await builtFrom(db)).toBe(path.resolve(lakeA));
    running.child.kill('SIGKILL');
    await running.done;
    expect(sha256(db)).toBe(good);
    expect(await builtFrom(db)).toBe(path.resolve(lakeA));
    expect(existsSync(freshFile()), 'the killed build leaves its fresh file behind').toBe(true);
  });

  it('clears what a killed build left, then replaces --db with the new lake\'s warehouse', async () => {
    const next = await build(lakeB).done;
    expect(next.code, next.stderr).toBe(0);
    expect(await builtFrom(db)).toBe(path.resolve(lakeB));
    expect(listFiles(path.join(root, 'db'))).toEqual(['warehouse.duckdb']);
  });

  it('rebuilds in a fresh file with --full-refresh too, and one that fails leaves --db as it was', async () => {
    running = build(lakeB, '--full-refresh');
    await waitFor(() => existsSync(freshFile()), '--full-refresh writes a fresh file rather than patching --db', running);
    const refreshed = await running.done;
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(refreshed.stdout).toMatch(/full build of \d+ date partitions/);

    const good = sha256(db);
    const heartbeats = path.join(lakeB, listFiles(lakeB).find((file) => file.startsWith('heartbeats/') && file.endsWith('.parquet'))!);
    const original = readFileSync(heartbeats);
    writeFileSync(heartbeats, original.subarray(0, Math.floor(original.length / 2)));
    try {
      const failed = await build(lakeB, '--full-refresh').done;
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(`lake file ${heartbeats} is truncated or corrupt`);
    } finally {
      writeFileSync(heartbeats, original);
    }
    expect(sha256(db)).toBe(good);
    expect(listFiles(path.join(root, 'db'))).toEqual(['warehouse.duckdb']);
  });

  it('replaces the file a symlinked --db points to, and keeps the link', async () => {
    const elsewhere = path.join(root, 'elsewhere');
    mkdirSync(elsewhere);
    const real = path.join(elsewhere, 'real.duckdb');
    copyFileSync(db, real);
    const link = path.join(root, 'db', 'linked.duckdb');
    symlinkSync(real, link);
    const rebuilt = await startCli('cli/buildWarehouse.ts', ['--lake', lakeA, '--db', link, '--threads', '1', '--no-progress']).done;
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(await builtFrom(real)).toBe(path.resolve(lakeA));
    expect(listFiles(elsewhere)).toEqual(['real.duckdb']);
  });
});
