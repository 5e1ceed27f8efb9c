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

// A lake that grows shard by shard (`--shard i/3`). With one player block the units are products,
// players, then one per day, so shards 0 and 1 hold both dimensions and days 1, 2, 4, 5, 7, 8, and
// shard 2 fills in days 0, 3, 6, so the second build must redo days both before and after ones it
// already has (streaks and trailing windows of later days change) and date partitions that
// receive a file from a second unit (sessions ending after midnight).

const WORLD = { players: 2000, days: 9, seed: 'incremental', blockSize: 1_048_576 } as const;

describe('building again after the lake gained a shard', () => {
  let dir: string;
  let lake: string;
  let second: BuildSummary;
  let changedByShard2: ReturnType<typeof changedPartitions>;
  let filesBefore: ReturnType<typeof listLake>['files'];

  beforeAll(async () => {
    dir = temporaryFolder('warehouse-incremental');
    lake = path.join(dir, 'lake');
    await simulate(lake, { ...WORLD, shard: '0/3', resume: true });
    await simulate(lake, { ...WORLD, shard: '1/3', resume: true });
    await build(lake, path.join(dir, 'incremental.duckdb'));
    filesBefore = listLake(lake).files;
    await simulate(lake, { ...WORLD, shard: '2/3', resume: true });
    changedByShard2 = changedPartitions(filesBefore, listLake(lake).files);
    second = await build(lake, path.join(dir, 'incremental.duckdb'));
    await build(lake, path.join(dir, 'full.duckdb'));
  });
  afterAll(() => removeFolder(dir));

  it('ends with the same dimensions, stages and marts as a full build of the whole lake', async () => {
    const incremental = await warehouseContents(path.join(dir, 'incremental.duckdb'));
    const full = await warehouseContents(path.join(dir, 'full.duckdb'));
    expect(Object.keys(incremental)).toHaveLength(19);
    expect(incremental).toEqual(full);
  });

  it('redoes only the date partitions whose files changed, and the days just before them', () => {
    const sessionDates = [...changedByShard2.get('sessions')!];
    const factSession = second.models.find((result) => result.model.name === 'fact_session')!;
    expect(factSession.partitions).toEqual({ done: sessionDates.length, fullRefresh: false });
    expect(sessionDates.length).toBeLessThan(10);
    // A session starting on day d can end in partition d + 1, so a changed partition also redoes the day before it.
    const encounters = second.models.find((result) => result.model.name === 'stage_encounters')!;
    const startDates = new Set([...changedByShard2.get('sessions')!, ...changedByShard2.get('heartbeats')!].flatMap((date) => [date, dayBefore(date)]));
    expect(encounters.partitions).toEqual({ done: startDates.size, fullRefresh: false });
  });

  it('counts a date as changed when a second unit adds a file to a partition it already had', () => {
    const hadSessions = new Set(filesBefore.filter((file) => file.table === 'sessions').map((file) => file.partitionDate));
    const grown = [...changedByShard2.get('sessions')!].filter((date) => hadSessions.has(date));
    expect(grown.length).toBeGreaterThan(0);
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
