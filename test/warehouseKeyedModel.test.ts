import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { BuildSummary } from '../warehouse/buildWarehouse.js';
import { changedPartitions } from '../warehouse/lakeChanges.js';
import { listLake } from '../warehouse/lakeFiles.js';
import { removeFolder, temporaryFolder } from './helpers/lake.js';
import { build, select, warehouseContents } from './helpers/warehouseBuild.js';
import { writeSyntheticLake } from './helpers/warehouseSyntheticLake.js';
import type { SyntheticSession } from './helpers/warehouseSyntheticLake.js';

// player_stats_lifetime is kept by player (unique_key): a build redoes only the players whose
// months player_activity_monthly redid, as those months are now and as they were. A player whose
// only March session vanishes has no March row any more: only the values the runner kept before
// deleting the month say that the player's lifetime changed.

const march = (withPlayer4: boolean): SyntheticSession[] => [
  { sessionId: 1, start: '2025-02-27T12:00:00Z', teams: [{ teamId: 1, players: [4], lengthSeconds: 300, position: () => [0, 0, 0] }] },
  {
    sessionId: 2,
    start: '2025-02-28T10:00:00Z',
    teams: [
      { teamId: 2, players: [1, 2], lengthSeconds: 300, position: () => [0, 0, 0] },
      { teamId: 3, players: [3], lengthSeconds: 300, position: () => [500, 0, 0] },
    ],
  },
  {
    sessionId: 3,
    start: '2025-03-02T10:00:00Z',
    teams: [
      { teamId: 4, players: [1], lengthSeconds: 600, position: () => [0, 0, 0] },
      ...(withPlayer4 ? [{ teamId: 5, players: [4], lengthSeconds: 300, position: () => [500, 0, 0] as const }] : [{ teamId: 6, players: [2], lengthSeconds: 300, position: () => [500, 0, 0] as const }]),
    ],
  },
];

describe('a model kept by key, after a day changed', () => {
  let dir: string;
  let rebuilt: BuildSummary;

  beforeAll(async () => {
    dir = temporaryFolder('warehouse-keyed');
    const lake = path.join(dir, 'lake');
    await writeSyntheticLake(lake, march(true));
    await build(lake, path.join(dir, 'incremental.duckdb'));
    const before = listLake(lake).files;
    const contents = new Map(before.map((file) => [file.path, fs.readFileSync(path.join(lake, file.path))]));
    removeFolder(lake);
    // March 2 again: player 4 did not play it after all, and player 2 did.
    await writeSyntheticLake(lake, march(false));
    for (const file of before) {
      const now = path.join(lake, file.path);
      if (fs.existsSync(now) && fs.readFileSync(now).equals(contents.get(file.path)!)) fs.utimesSync(now, new Date(file.mtimeMs), new Date(file.mtimeMs));
    }
    expect([...new Set([...changedPartitions(before, listLake(lake).files).values()].flatMap((dates) => [...dates]))]).toEqual(['2025-03-02']);
    rebuilt = await build(lake, path.join(dir, 'incremental.duckdb'));
    await build(lake, path.join(dir, 'full.duckdb'));
  });
  afterAll(() => removeFolder(dir));

  it('redoes the players of the redone month as it is and as it was, and no other', () => {
    const lifetime = rebuilt.models.find((result) => result.model.name === 'player_stats_lifetime')!;
    // Players 1 and 2 are in March now; player 4 was. Player 3 played only in February.
    expect(lifetime.keys).toEqual({ done: 3, fullRefresh: false });
    expect(rebuilt.models.find((result) => result.model.name === 'player_activity_monthly')!.partitions).toEqual({ done: 1, fullRefresh: false });
    expect(rebuilt.tests.find((result) => result.test.name === 'unique(player_stats_lifetime: player_id)')!.test.scope).toBe('3 player_id values redone');
  });

  it("takes back the lifetime of a player whose month's only day vanished", async () => {
    const rows = await select(path.join(dir, 'incremental.duckdb'), 'SELECT player_id, CAST(last_played AS VARCHAR) AS last_played, days_played FROM sprint_mart.player_stats_lifetime ORDER BY player_id');
    expect(rows).toEqual([
      { player_id: '1', last_played: '2025-03-02', days_played: '2' },
      { player_id: '2', last_played: '2025-03-02', days_played: '2' },
      { player_id: '3', last_played: '2025-02-28', days_played: '1' },
      { player_id: '4', last_played: '2025-02-27', days_played: '1' },
    ]);
  });

  it('ends equal to a full build of the lake as it is now', async () => {
    expect(await warehouseContents(path.join(dir, 'incremental.duckdb'))).toEqual(await warehouseContents(path.join(dir, 'full.duckdb')));
  });
});
