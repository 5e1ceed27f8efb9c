import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../common/errors.js';
import { validateBuildOptions } from '../cli/buildWarehouse.js';
import { listLake } from '../warehouse/lakeFiles.js';
import { removeFolder, temporaryFolder } from './helpers/lake.js';
import { build, runCliProcess, select, warehouseContents } from './helpers/warehouseBuild.js';
import { writeSyntheticLake } from './helpers/warehouseSyntheticLake.js';
import type { SyntheticSession } from './helpers/warehouseSyntheticLake.js';

// What build-warehouse does when something is wrong: it says so in one line, exits non-zero, and
// the last good warehouse stays readable and unchanged. These run the real CLI as a process.

const SESSIONS: SyntheticSession[] = Array.from({ length: 6 }, (_, index) => ({
  sessionId: index + 1,
  start: `2025-03-0${1 + (index % 3)}T1${index}:00:00Z`,
  teams: Array.from({ length: 8 }, (_, team) => ({
    // Ids from 1, as the engine's: the warehouse's reader refuses 0.
    teamId: index * 10 + team + 1,
    players: [index * 100 + team * 2 + 1, index * 100 + team * 2 + 2],
    lengthSeconds: 1800,
    position: (tick: number) => [team * 30 + tick, team * 7, 0] as const,
  })),
}));

describe('build-warehouse when something is wrong', () => {
  let dir: string;
  let lake: string;
  let db: string;
  let good: Record<string, string>;

  const buildCli = (...args: string[]) => runCliProcess('cli/buildWarehouse.ts', ['--no-progress', ...args]);
  const heartbeatFile = () => path.join(lake, listLake(lake).files.find((file) => file.table === 'heartbeats')!.path);
  const leftovers = () => fs.readdirSync(dir).filter((name) => name.includes('.building-'));

  beforeAll(async () => {
    dir = temporaryFolder('warehouse-failures');
    lake = path.join(dir, 'lake');
    db = path.join(dir, 'warehouse.duckdb');
    await writeSyntheticLake(lake, SESSIONS);
    await build(lake, db);
    good = await warehouseContents(db);
  });
  afterAll(() => removeFolder(dir));

  it('refuses a lake folder that does not exist with one line and exit code 2', () => {
    const result = buildCli('--lake', path.join(dir, 'nowhere'), '--db', path.join(dir, 'other.duckdb'));
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/lake folder .*nowhere does not exist; write one with `npm run simulate/);
    expect(fs.existsSync(path.join(dir, 'other.duckdb'))).toBe(false);
  });

  it('refuses an empty lake folder', async () => {
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    await expect(build(empty, path.join(dir, 'other.duckdb'))).rejects.toThrow(/lake .*empty is empty \(no Parquet files\)/);
  });

  it('refuses a --db that is not a DuckDB file and leaves it untouched', async () => {
    const notDuckDb = path.join(dir, 'notes.duckdb');
    fs.writeFileSync(notDuckDb, 'my notes');
    await expect(build(lake, notDuckDb)).rejects.toThrow(/--db .*notes\.duckdb cannot be opened as a DuckDB warehouse .*; move it away or pass another --db/);
    expect(fs.readFileSync(notDuckDb, 'utf8')).toBe('my notes');
    expect(leftovers()).toEqual([]);
  });

  it('rejects bad options with a message naming the option and what it accepts', () => {
    const base = { lake: lake, db, encounterThreshold: '50', encounterCooldown: '180' };
    expect(() => validateBuildOptions({ ...base, threads: '0' })).toThrow(new UsageError('--threads must be a whole number from 1 to 1024, got "0"'));
    expect(() => validateBuildOptions({ ...base, encounterThreshold: '-5' })).toThrow(/--encounter-threshold must be a positive distance/);
    expect(() => validateBuildOptions({ ...base, encounterThreshold: 'far' })).toThrow(/--encounter-threshold must be a positive distance/);
    expect(() => validateBuildOptions({ ...base, encounterCooldown: '-1' })).toThrow(/--encounter-cooldown must be a number of seconds >= 0/);
    expect(() => validateBuildOptions({ ...base, memoryLimit: 'lots' })).toThrow(/--memory-limit must be a size like 4GB/);
    expect(validateBuildOptions({ ...base, memoryLimit: '512MB', threads: '2' })).toMatchObject({ memoryLimit: '512MB', threads: 2 });
  });

  it('names a truncated Parquet file and leaves the last good warehouse as it was', async () => {
    const file = heartbeatFile();
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, original.subarray(0, Math.floor(original.length / 2)));
    try {
      const result = buildCli('--lake', lake, '--db', db);
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`lake file ${file} is truncated or corrupt`);
      expect(await warehouseContents(db)).toEqual(good);
      expect(leftovers()).toEqual([]);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('names a file whose pages are corrupt even though its footer reads', () => {
    const file = heartbeatFile();
    const original = fs.readFileSync(file);
    const damaged = Buffer.from(original);
    damaged.fill(0x5a, 8, Math.floor(original.length / 2));
    fs.writeFileSync(file, damaged);
    try {
      const result = buildCli('--lake', lake, '--db', path.join(dir, 'fresh.duckdb'));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`lake file ${file} is truncated or corrupt`);
      expect(fs.existsSync(path.join(dir, 'fresh.duckdb'))).toBe(false);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('prints a failing data test with its failing-row count and rows, exits 1 and keeps the last good warehouse', async () => {
    // A second copy of one session file: every one of its rows is now a duplicate.
    const sessions = listLake(lake).files.find((file) => file.table === 'sessions')!;
    const copy = path.join(lake, sessions.path.replace(/[^/]+\.parquet$/, 'part-duplicate.parquet'));
    fs.copyFileSync(path.join(lake, sessions.path), copy);
    const [{ rows }] = (await select(db, `SELECT count(*) AS rows FROM read_parquet('${copy}')`)) as [{ rows: string }];
    try {
      const result = buildCli('--lake', lake, '--db', db);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(`FAIL  unique(fact_session: player_id, session_id): ${rows} failing rows, e.g.`);
      expect(result.stdout).toMatch(/FAIL {2}unique\(fact_session: player_id, session_id\)[^\n]*\n {8}\{"player_id":"\d+","session_id":"\d+","duplicates":"2"\}/);
      // Every copied session is also a second session of its player that day (CONTRACT §1).
      expect(result.stdout).toContain(`FAIL  unique(fact_session: player_id, calendar_date): ${rows} failing rows`);
      expect(result.stderr).toMatch(/data tests failed \(listed above\); the last good warehouse .* is unchanged/);
      expect(await warehouseContents(db)).toEqual(good);
      expect(leftovers()).toEqual([]);
    } finally {
      fs.rmSync(copy);
    }
  });

  it('builds within a small --memory-limit', async () => {
    const summary = await build(lake, path.join(dir, 'small.duckdb'), { memoryLimit: '256MB', threads: 1 });
    expect(summary.tests.every((result) => result.status === 'passed')).toBe(true);
    expect(await warehouseContents(path.join(dir, 'small.duckdb'))).toEqual(good);
  });
});
