import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { BuildSummary } from '../warehouse/buildWarehouse.js';
import { changedPartitions } from '../warehouse/lakeChanges.js';
import { listLake } from '../warehouse/lakeFiles.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { build, select, warehouseContents } from './helpers/warehouseBuild.js';
import { writeSyntheticLake } from './helpers/warehouseSyntheticLake.js';
import type { SyntheticSession } from './helpers/warehouseSyntheticLake.js';

// A lake written shard by shard (`--shard i/3`). Its units are whole days, every third to a
// shard, so while a shard is missing the lake's dates have gaps, and sessions that cross midnight
// into a missing date would fail the data tests after the whole build: the build refuses such a
// lake before any work. Once whole, it builds, and a later change to one date partition redoes
// that date and the day before it (a session starting there can end in it).

const WORLD = { players: 2000, days: 9, seed: 'incremental', blockSize: 1_048_576 } as const;

describe('a lake written shard by shard', () => {
  let dir: string;
  let lake: string;
  let refusal: unknown;
  let second: BuildSummary;
  let changedDate: string;

  beforeAll(async () => {
    dir = temporaryFolder('warehouse-incremental');
    lake = path.join(dir, 'lake');
    await simulate(lake, { ...WORLD, shard: '0/3', resume: true });
    await simulate(lake, { ...WORLD, shard: '1/3', resume: true });
    refusal = await build(lake, path.join(dir, 'incremental.duckdb')).then(() => null, (error: unknown) => error);
    await simulate(lake, { ...WORLD, shard: '2/3', resume: true });
    await build(lake, path.join(dir, 'incremental.duckdb'));
    const sessions = listLake(lake).files.filter((file) => file.table === 'sessions').sort((x, y) => x.path.localeCompare(y.path));
    const touched = sessions[Math.floor(sessions.length / 2)]!;
    changedDate = touched.partitionDate!;
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(lake, touched.path), later, later);
    second = await build(lake, path.join(dir, 'incremental.duckdb'));
    await build(lake, path.join(dir, 'full.duckdb'));
  });
  afterAll(() => removeFolder(dir));

  it('is refused before any work while a shard is missing, in one line naming what to do', () => {
    expect(refusal).toBeInstanceOf(Error);
    const message = (refusal as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/is partial .*2 of 3 shards have a manifest.*check-lake/);
    expect((refusal as { exitCode?: number }).exitCode).toBe(2);
  });

  it('ends with the same dimensions, stages and marts as a full build of the whole lake', async () => {
    const incremental = await warehouseContents(path.join(dir, 'incremental.duckdb'));
    const full = await warehouseContents(path.join(dir, 'full.duckdb'));
    expect(Object.keys(incremental).length).toBeGreaterThanOrEqual(21);
    expect(incremental).toEqual(full);
  });

  it('redoes only the date partition whose file changed, and the day before it where a session may start', () => {
    const factSession = second.models.find((result) => result.model.name === 'fact_session')!;
    expect(factSession.partitions).toEqual({ done: 1, fullRefresh: false });
    const encounters = second.models.find((result) => result.model.name === 'stage_encounters')!;
    expect(encounters.partitions).toEqual({ done: new Set([changedDate, dayBefore(changedDate)]).size, fullRefresh: false });
  });
});

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

describe('building again after only the next day partition changed', () => {
  // A session that starts before midnight writes its row and later heartbeats into the next
  // day's partition. When only that partition changes (the session turns out longer), the day the
  // session started must be redone too: its play time and its encounters belong to that day.
  let dir: string;
  const longer = (seconds: number): SyntheticSession[] => [
    {
      sessionId: 1,
      start: '2025-03-02T23:58:00Z',
      teams: [
        { teamId: 1, players: [1, 2], lengthSeconds: 600, position: () => [0, 0, 0] },
        { teamId: 2, players: [3], lengthSeconds: seconds, position: (tick) => (tick < 12 ? [500, 0, 0] : [5, 0, 0]) },
      ],
    },
    { sessionId: 2, start: '2025-03-03T10:00:00Z', teams: [{ teamId: 3, players: [4], lengthSeconds: 300, position: () => [0, 0, 0] }] },
  ];

  beforeAll(() => {
    dir = temporaryFolder('warehouse-midnight');
  });
  afterAll(() => removeFolder(dir));

  it('redoes the day a session started and matches a full build', async () => {
    const lake = path.join(dir, 'lake');
    await writeSyntheticLake(lake, longer(300));
    await build(lake, path.join(dir, 'incremental.duckdb'));
    const before = listLake(lake).files;
    const contents = new Map(before.map((file) => [file.path, fs.readFileSync(path.join(lake, file.path))]));
    removeFolder(lake);
    await writeSyntheticLake(lake, longer(600));
    // Only the files whose bytes differ were rewritten; the others keep the time they had.
    for (const file of before) {
      const now = path.join(lake, file.path);
      if (fs.existsSync(now) && fs.readFileSync(now).equals(contents.get(file.path)!)) fs.utimesSync(now, new Date(file.mtimeMs), new Date(file.mtimeMs));
    }
    const changed = changedPartitions(before, listLake(lake).files);
    expect([...changed.values()].flatMap((dates) => [...dates])).toEqual(['2025-03-03', '2025-03-03']);

    const rebuilt = await build(lake, path.join(dir, 'incremental.duckdb'));
    expect(rebuilt.models.find((result) => result.model.name === 'player_activity_daily')!.partitions!.done).toBe(2);
    await build(lake, path.join(dir, 'full.duckdb'));
    expect(await warehouseContents(path.join(dir, 'incremental.duckdb'))).toEqual(await warehouseContents(path.join(dir, 'full.duckdb')));
    const [day] = await select(path.join(dir, 'incremental.duckdb'), 'SELECT total_play_time_seconds FROM sprint_mart.player_activity_daily WHERE player_id = 3');
    expect(day!.total_play_time_seconds).toBe('600');
  });
});
