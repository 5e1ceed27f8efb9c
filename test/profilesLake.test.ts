import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { PLATFORM_OF_DEVICE } from '../engine/profiles/index.js';
import { answerQuestion } from '../warehouse/questions/answerQuestion.js';
import { findQuestion } from '../warehouse/questions/catalog.js';
import { readTable, rows, withConnection } from './helpers/duckdb.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { build, select } from './helpers/warehouseBuild.js';

// Profiles in the lake written by real worker threads: unique gamertags over several blocks,
// languages and devices that fit country and platform, the same profile for any --threads and any
// --shard, and the warehouse's per-channel mart and question agreeing with the lake.

const WORLD = { players: 2500, days: 8, blockSize: 1000, seed: 'profiles' } as const;
const PROFILE = 'player_id, gamertag, language, age_band, device, acquisition_channel, marketing_opt_in';
let dir: string;
const lakes: Record<string, string | string[]> = {};
let db: string;

beforeAll(async () => {
  dir = temporaryFolder('profiles');
  const lake = (name: string) => path.join(dir, name);
  await simulate(lake('threads-1'), { ...WORLD, threads: 1, heartbeats: 'none' });
  await simulate(lake('threads-3'), { ...WORLD, threads: 3, heartbeats: 'none' });
  for (const shard of ['0/2', '1/2']) await simulate(lake(`shard-${shard[0]}`), { ...WORLD, shard, heartbeats: 'none' });
  Object.assign(lakes, { one: lake('threads-1'), three: lake('threads-3'), shards: [lake('shard-0'), lake('shard-1')] });
  db = path.join(dir, 'warehouse.duckdb');
  await build(lake('threads-1'), db);
});

afterAll(() => removeFolder(dir));

const players = (lake: string | string[]) => readTable(lake, 'players');

describe('player profiles in the lake', () => {
  it('give every player of a run with several blocks a gamertag of their own, even ignoring case', async () => {
    await withConnection(async (db) => {
      const [counts] = await rows(db, `SELECT count(*) AS n, count(DISTINCT gamertag) AS tags, count(DISTINCT lower(gamertag)) AS folded,
          count(DISTINCT (player_id - 1) // ${WORLD.blockSize}) AS blocks FROM ${players(lakes.one!)}`);
      expect(counts).toEqual({ n: 2500n, tags: 2500n, folded: 2500n, blocks: 3n });
    });
  });

  it('tag each player with a language of their country', async () => {
    await withConnection(async (db) => {
      const misfits = await rows(db, `SELECT country, language FROM ${players(lakes.one!)} WHERE NOT regexp_full_match(language, '[a-z]{2,3}-[A-Z]{2}') OR split_part(language, '-', 2) <> country`);
      expect(misfits).toEqual([]);
      const canada = await rows(db, `SELECT DISTINCT language FROM ${players(lakes.one!)} WHERE country = 'CA' ORDER BY ALL`);
      expect(canada.map((row) => row.language)).toEqual(['en-CA', 'fr-CA']);
      const brazil = await rows(db, `SELECT DISTINCT language FROM ${players(lakes.one!)} WHERE country = 'BR'`);
      expect(brazil.map((row) => row.language)).toEqual(['pt-BR']);
    });
  });

  it('give each player a device of their platform', async () => {
    await withConnection(async (db) => {
      const pairs = await rows(db, `SELECT DISTINCT platform, device FROM ${players(lakes.one!)} ORDER BY ALL`);
      expect(pairs.length).toBeGreaterThanOrEqual(6);
      for (const { platform, device } of pairs) expect(PLATFORM_OF_DEVICE[String(device)], String(device)).toBe(platform);
    });
  });

  it('are identical for --threads 1 and 3, and for a sharded run against an unsharded one', async () => {
    await withConnection(async (db) => {
      const differences = async (a: string | string[], b: string | string[]) => {
        const [row] = await rows(db, `SELECT
            (SELECT count(*) FROM (SELECT ${PROFILE} FROM ${players(a)} EXCEPT ALL SELECT ${PROFILE} FROM ${players(b)})) +
            (SELECT count(*) FROM (SELECT ${PROFILE} FROM ${players(b)} EXCEPT ALL SELECT ${PROFILE} FROM ${players(a)})) AS n`);
        return row!.n;
      };
      const [{ n }] = (await rows(db, `SELECT count(*) AS n FROM ${players(lakes.shards!)}`)) as [{ n: bigint }];
      expect(n).toBe(2500n);
      expect(await differences(lakes.one!, lakes.three!)).toBe(0n);
      expect(await differences(lakes.one!, lakes.shards!)).toBe(0n);
    });
  });
});

describe('the warehouse by acquisition channel', () => {
  it('counts players, day-7 returns, payers and revenue per channel and age band as the lake does', async () => {
    const lake = lakes.one as string;
    const fromLake = `
      WITH p AS (SELECT player_id, signup_date, acquisition_channel, age_band FROM ${players(lake)}),
      s AS (SELECT DISTINCT player_id, CAST(timezone('UTC', event_datetime) AS DATE) AS day FROM ${readTable(lake, 'signons')}),
      last AS (SELECT max(day) AS last_day FROM s),
      t AS (SELECT player_id, sum(purchase_price) AS revenue FROM ${readTable(lake, 'transactions')} GROUP BY ALL)
      SELECT p.acquisition_channel, p.age_band, count(*) AS players,
             count(*) FILTER (WHERE p.signup_date + 7 <= last.last_day) AS d7_eligible_players,
             count(s7.player_id) FILTER (WHERE p.signup_date + 7 <= last.last_day) AS d7_retained_players,
             count(t.player_id) AS payers, CAST(coalesce(sum(t.revenue), 0) AS DECIMAL(18, 2)) AS revenue
      FROM p CROSS JOIN last
      LEFT JOIN s AS s7 ON s7.player_id = p.player_id AND s7.day = p.signup_date + 7
      LEFT JOIN t ON t.player_id = p.player_id
      GROUP BY ALL`;
    const fromMart = 'SELECT acquisition_channel, age_band, players, d7_eligible_players, d7_retained_players, payers, revenue FROM sprint_mart.acquisition_kpis';
    const [row] = await select(db, `SELECT
        (SELECT count(*) FROM ((${fromLake}) EXCEPT ALL (${fromMart}))) + (SELECT count(*) FROM ((${fromMart}) EXCEPT ALL (${fromLake}))) AS n,
        (SELECT sum(d7_eligible_players) FROM sprint_mart.acquisition_kpis) AS eligible,
        (SELECT count(DISTINCT acquisition_channel) FROM sprint_mart.acquisition_kpis) AS channels`);
    expect(row).toEqual({ n: '0', eligible: expect.stringMatching(/^[1-9]\d*$/), channels: '6' });
  });

  it('answers D7 retention, payer conversion and revenue per player by channel (npm run query -- by-channel)', async () => {
    const lake = lakes.one as string;
    const expected = await select(db, `
      WITH p AS (SELECT player_id, signup_date, acquisition_channel FROM ${players(lake)}),
      s AS (SELECT DISTINCT player_id, CAST(timezone('UTC', event_datetime) AS DATE) AS day FROM ${readTable(lake, 'signons')}),
      last AS (SELECT max(day) AS last_day FROM s),
      t AS (SELECT player_id, sum(purchase_price) AS revenue FROM ${readTable(lake, 'transactions')} GROUP BY ALL),
      per_player AS (
          SELECT p.acquisition_channel, p.signup_date + 7 <= last.last_day AS eligible, s7.player_id IS NOT NULL AS returned, t.revenue
          FROM p CROSS JOIN last
          LEFT JOIN s AS s7 ON s7.player_id = p.player_id AND s7.day = p.signup_date + 7
          LEFT JOIN t ON t.player_id = p.player_id)
      SELECT acquisition_channel, count(*) AS players,
          round(count(*) FILTER (WHERE eligible AND returned) / count(*) FILTER (WHERE eligible), 4) AS d7_retention,
          round(count(revenue) / count(*), 4) AS payer_conversion,
          CAST(coalesce(sum(revenue), 0) AS DECIMAL(38, 2)) AS revenue,
          round(CAST(coalesce(sum(revenue), 0) AS DOUBLE) / count(*), 4) AS revenue_per_player
      FROM per_player GROUP BY ALL
      ORDER BY d7_retention DESC NULLS LAST, acquisition_channel`);
    const answer = await answerQuestion(db, findQuestion('by-channel')!, {});
    expect(answer.map((row) => row.acquisition_channel).sort()).toEqual(['cross_promotion', 'influencer', 'organic', 'paid_social', 'referral', 'search']);
    expect(answer).toEqual(expected);
  });
});
