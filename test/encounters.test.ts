import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { removeFolder, temporaryFolder } from './helpers/lake.js';
import { build, select, withWarehouse } from './helpers/warehouseBuild.js';
import { everyPairReference, warehouseEncounters } from './helpers/warehouseEncounterReference.js';
import type { EncounterRow } from './helpers/warehouseEncounterReference.js';
import { writeSyntheticLake } from './helpers/warehouseSyntheticLake.js';
import type { SyntheticSession, SyntheticTeam } from './helpers/warehouseSyntheticLake.js';

// Close encounters on hand-placed positions: each session below isolates one edge case of
// CONTRACT §2, and two crowded 50-team sessions hold the heartbeat digest to comparing every pair.

const FAR: readonly [number, number, number] = [4000, 4000, 0];
const still = (x: number, y: number, z = 0) => () => [x, y, z] as const;
const team = (teamId: number, players: number[], lengthSeconds: number, position: SyntheticTeam['position']): SyntheticTeam => ({
  teamId,
  players,
  lengthSeconds,
  position,
});
const closeAt = (ticks: number[]) => (tick: number) => (ticks.includes(tick) ? ([10, 0, 0] as const) : FAR);

/** A deterministic stream of numbers in [0, 1) (mulberry32), so the crowded sessions are the same every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function crowdedSession(sessionId: number, start: string, spread: number, seed: number, firstPlayer: number): SyntheticSession {
  const next = random(seed);
  const teams: SyntheticTeam[] = [];
  let player = firstPlayer;
  for (let index = 0; index < 50; index++) {
    const size = 1 + Math.floor(next() * 3);
    const players = Array.from({ length: size }, () => player++);
    const origin = [(next() - 0.5) * spread, (next() - 0.5) * spread, next() * 30];
    const step = [(next() - 0.5) * 20, (next() - 0.5) * 20];
    teams.push(team(sessionId * 100 + index, players, 300 + Math.floor(next() * 900), (tick) => [origin[0]! + step[0]! * tick, origin[1]! + step[1]! * tick, origin[2]!]));
  }
  return { sessionId, start, teams };
}

const SESSIONS: SyntheticSession[] = [
  // 1: team 12's centroid is exactly 50 from team 11 (a 30-40-50 triangle); team 13 is 50.5 away.
  { sessionId: 1, start: '2025-03-01T10:00:00Z', teams: [team(11, [1], 90, still(0, 0)), team(12, [2, 3], 90, still(30, 40)), team(13, [4], 90, still(0, 0, 50.5))] },
  // 2: two teams 0.02 apart on either side of the cell edge at x = 50.05.
  { sessionId: 2, start: '2025-03-01T11:00:00Z', teams: [team(21, [5], 60, still(50.04, 0)), team(22, [6], 60, still(50.06, 0))] },
  // 3: four teams around the origin, in four different cells (negative ones too), all within 50.
  {
    sessionId: 3,
    start: '2025-03-01T12:00:00Z',
    teams: [team(31, [7], 30, still(-0.5, -0.5)), team(32, [8], 30, still(0.5, 0.5)), team(33, [9], 30, still(-10, 10)), team(34, [10], 30, still(10, -10))],
  },
  // 4: negative coordinates, exactly 50 apart; team 43 is 50.25 from team 41.
  {
    sessionId: 4,
    start: '2025-03-01T13:00:00Z',
    teams: [team(41, [11], 30, still(-1000.25, -2000.5, -5)), team(42, [12], 30, still(-1030.25, -2040.5, -5)), team(43, [13], 30, still(-1000.25, -1950.25, -5))],
  },
  // 5: close at ticks 0 and 6 (exactly 180 s apart), then at 13 and 14 (210 s after tick 6).
  { sessionId: 5, start: '2025-03-02T12:00:00Z', teams: [team(51, [14], 600, still(0, 0)), team(52, [15], 600, closeAt([0, 6, 13, 14]))] },
  // 6: team 62 leaves after four ticks while team 61 stays on.
  { sessionId: 6, start: '2025-03-02T13:00:00Z', teams: [team(61, [16], 300, still(0, 0)), team(62, [17], 120, still(10, 0))] },
  // 7: starts at 23:58, close for ticks 0-7 (across midnight) and again at ticks 14-15 (after it).
  {
    sessionId: 7,
    start: '2025-03-02T23:58:00Z',
    teams: [team(71, [18, 19], 600, still(0, 0)), team(72, [20], 600, closeAt([0, 1, 2, 3, 4, 5, 6, 7, 14, 15]))],
  },
  // 10: exactly 50 apart across a cell edge, and exactly 50 apart in z alone.
  { sessionId: 10, start: '2025-03-01T14:00:00Z', teams: [team(101, [21], 30, still(25, 0)), team(102, [22], 30, still(75, 0)), team(103, [23], 30, still(25, 0, 50))] },
  // 11: team 111's two players stand 400 apart, each far from team 112, but their centroid is 30
  // from it: closeness is decided on centroids, never on single players.
  { sessionId: 11, start: '2025-03-01T15:00:00Z', teams: [{ ...team(111, [24, 25], 60, still(0, 0)), spread: 400 }, team(112, [26], 60, still(0, 30))] },
  // 8 and 9: fifty teams each, crowded (many near pairs) and spread out, moving every tick.
  crowdedSession(8, '2025-03-04T20:00:00Z', 200, 8, 1000),
  crowdedSession(9, '2025-03-04T21:00:00Z', 3000, 9, 2000),
];

const at = (iso: string) => Date.parse(iso) * 1000;
const encountersOf = (rows: EncounterRow[], session: number) => rows.filter((row) => row.session === String(session));

describe('close encounters on hand-placed teams', () => {
  let dir: string;
  let db: string;
  let reference: Awaited<ReturnType<typeof everyPairReference>>;
  let built: Awaited<ReturnType<typeof warehouseEncounters>>;

  beforeAll(async () => {
    dir = temporaryFolder('encounters');
    await writeSyntheticLake(path.join(dir, 'lake'), SESSIONS);
    db = path.join(dir, 'warehouse.duckdb');
    await build(path.join(dir, 'lake'), db);
    await withWarehouse(db, async (connection) => {
      reference = await everyPairReference(connection, 50, 180);
      built = await warehouseEncounters(connection);
    });
  });
  afterAll(() => removeFolder(dir));

  it('finds exactly the close ticks and encounters that comparing every pair of teams finds', () => {
    expect(reference.pairs.length).toBeGreaterThan(500);
    expect(built.pairs).toEqual(reference.pairs);
    expect(built.encounters).toEqual(reference.encounters);
  });

  it('meets many near pairs in the crowded 50-team session and few in the spread-out one', () => {
    const crowded = encountersOf(built.encounters, 8).length;
    const spread = encountersOf(built.encounters, 9).length;
    expect(crowded).toBeGreaterThan(100);
    expect(spread).toBeLessThan(crowded);
  });

  it('counts a distance of exactly the threshold as close and anything over it as not', () => {
    expect(encountersOf(built.encounters, 1)).toEqual([
      { session: '1', team1: '11', team2: '12', startUs: at('2025-03-01T10:00:00Z'), endUs: at('2025-03-01T10:01:30Z'), closeTicks: 3 },
    ]);
    expect(encountersOf(built.encounters, 4).map((row) => [row.team1, row.team2])).toEqual([['41', '42']]);
    expect(encountersOf(built.encounters, 10).map((row) => [row.team1, row.team2])).toEqual([
      ['101', '102'],
      ['101', '103'],
    ]);
  });

  it('finds teams close across cell edges, diagonally and at negative coordinates', () => {
    expect(encountersOf(built.encounters, 2).map((row) => [row.team1, row.team2])).toEqual([['21', '22']]);
    expect(encountersOf(built.encounters, 3).map((row) => [row.team1, row.team2])).toEqual([
      ['31', '32'],
      ['31', '33'],
      ['31', '34'],
      ['32', '33'],
      ['32', '34'],
      ['33', '34'],
    ]);
  });

  it('decides closeness on team centroids, even when every player is far from the other team', () => {
    expect(encountersOf(built.encounters, 11).map((row) => [row.team1, row.team2, row.closeTicks])).toEqual([['111', '112', 2]]);
  });

  it('gives an encounter of a single close tick 30 seconds', () => {
    for (const row of encountersOf(built.encounters, 3)) {
      expect(row.closeTicks).toBe(1);
      expect(row.endUs - row.startUs).toBe(30e6);
    }
  });

  it('continues an encounter over a gap of exactly the cooldown and starts a new one after a longer gap', () => {
    expect(encountersOf(built.encounters, 5)).toEqual([
      { session: '5', team1: '51', team2: '52', startUs: at('2025-03-02T12:00:00Z'), endUs: at('2025-03-02T12:03:30Z'), closeTicks: 2 },
      { session: '5', team1: '51', team2: '52', startUs: at('2025-03-02T12:06:30Z'), endUs: at('2025-03-02T12:07:30Z'), closeTicks: 2 },
    ]);
  });

  it('ends an encounter at the last tick both teams were there when one team leaves', () => {
    expect(encountersOf(built.encounters, 6)).toEqual([
      { session: '6', team1: '61', team2: '62', startUs: at('2025-03-02T13:00:00Z'), endUs: at('2025-03-02T13:02:00Z'), closeTicks: 4 },
    ]);
  });

  it('keeps a session that crosses midnight whole and dates each encounter by its start', async () => {
    expect(encountersOf(built.encounters, 7)).toEqual([
      { session: '7', team1: '71', team2: '72', startUs: at('2025-03-02T23:58:00Z'), endUs: at('2025-03-03T00:02:00Z'), closeTicks: 8 },
      { session: '7', team1: '71', team2: '72', startUs: at('2025-03-03T00:05:00Z'), endUs: at('2025-03-03T00:06:00Z'), closeTicks: 2 },
    ]);
    const daily = await select(
      db,
      `SELECT CAST(calendar_day AS VARCHAR) AS day, close_encounter_count AS encounters, total_encounter_seconds AS seconds
       FROM sprint_mart.session_close_encounters_daily WHERE session_id = 7 ORDER BY day`,
    );
    expect(daily).toEqual([
      { day: '2025-03-02', encounters: '1', seconds: '240' },
      { day: '2025-03-03', encounters: '1', seconds: '60' },
    ]);
    const pairs = await select(
      db,
      `SELECT CAST(calendar_day AS VARCHAR) AS day, team_1_id, team_2_id, daily_encounter_count, total_encounter_seconds
       FROM sprint_mart.encounter_summary_daily WHERE session_id = 7 ORDER BY day`,
    );
    expect(pairs.map((row) => [row.day, row.daily_encounter_count, row.total_encounter_seconds])).toEqual([
      ['2025-03-02', '1', '240'],
      ['2025-03-03', '1', '60'],
    ]);
  });

  it('follows other thresholds and cooldowns, rebuilding the encounters from scratch when they change', async () => {
    const summary = await build(path.join(dir, 'lake'), db, { encounterThreshold: 12.5, encounterCooldown: 210 });
    const encounters = summary.models.find((result) => result.model.name === 'stage_encounters')!;
    const factSession = summary.models.find((result) => result.model.name === 'fact_session')!;
    // The close ticks are digested again from every heartbeat file, and the encounters rebuilt.
    expect(summary.digest.fullRefresh).toBe(true);
    expect(encounters.partitions?.fullRefresh).toBe(true);
    expect(factSession.partitions).toEqual({ done: 0, fullRefresh: false });
    await withWarehouse(db, async (connection) => {
      const expected = await everyPairReference(connection, 12.5, 210);
      expect(await warehouseEncounters(connection)).toEqual(expected);
      // A 210 s cooldown joins session 5's two encounters into one.
      expect(encountersOf(expected.encounters, 5)).toHaveLength(1);
    });
  });
});
