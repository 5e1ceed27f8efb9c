import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { lakeWithoutLastDay, warehouseScale } from '../bench/warehouseScale.js';
import { MANIFEST_FILE } from '../partitions/layout.js';
import type { BuildSummary } from '../warehouse/buildWarehouse.js';
import { listLake } from '../warehouse/lakeFiles.js';
import { writeReport } from '../warehouse/report/writeReport.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { build, runCliProcess, select, warehouseContents } from './helpers/warehouseBuild.js';

// A many-day lake as the warehouse sees it a day before its end and at its end: the files of the
// last day's units are on disk all along (hard links), but the manifest lists them only at the
// end, as when a simulate run publishes a unit's files and then records the unit.

// Its last day is the first of a month, so the append redoes two months of the models keyed by
// month; and it is long enough (40 days) that the append makes the players of a 38th-last signup
// day eligible for the propensity features.
const WORLD = { players: 1500, days: 40, seed: 'append', blockSize: 1_048_576, startDate: '2024-12-24' } as const;

describe('appending one day to a many-day warehouse', () => {
  let dir: string;
  let lake: string;
  let grown: string;
  let lastDay: string;
  let append: BuildSummary;

  beforeAll(async () => {
    dir = temporaryFolder('warehouse-append');
    lake = path.join(dir, 'lake');
    await simulate(lake, WORLD);
    grown = path.join(dir, 'grown');
    const addLastDay = lakeWithoutLastDay(lake, grown);
    const before = new Set(listLake(grown).files.map((file) => file.path));
    lastDay = listLake(lake).files.filter((file) => !before.has(file.path) && file.partitionDate !== null).map((file) => file.partitionDate!).sort()[0]!;
    await build(grown, path.join(dir, 'appended.duckdb'));
    addLastDay();
    append = await build(grown, path.join(dir, 'appended.duckdb'));
    await build(lake, path.join(dir, 'full.duckdb'));
  });
  afterAll(() => removeFolder(dir));

  it('reads only the units the manifest lists, never files of a unit it does not list yet', async () => {
    const db = path.join(dir, 'earlier.duckdb');
    const earlier = path.join(dir, 'earlier');
    lakeWithoutLastDay(lake, earlier);
    await build(earlier, db);
    // The last day's files are in the folders, but none of their sessions are in the warehouse.
    const [row] = await select(db, `SELECT count(*) AS sessions FROM sprint_stage.fact_session WHERE calendar_date >= DATE '${lastDay}'`);
    expect(row!.sessions).toBe('0');
    // The manifest says more is to come: the warehouse is built, and marked partial.
    expect(await select(db, `SELECT value FROM sprint_meta.build_info WHERE key = 'lake_complete'`)).toEqual([{ value: 'false' }]);
    // And the result is exactly that of a lake whose folders do not hold those files at all.
    const unlisted = listLake(lake).files.filter((file) => !listLake(earlier).files.some((listed) => listed.path === file.path));
    expect(unlisted.length).toBeGreaterThan(0);
    for (const file of unlisted) fs.rmSync(path.join(earlier, file.path));
    await build(earlier, path.join(dir, 'earlier-removed.duckdb'));
    expect(await warehouseContents(db)).toEqual(await warehouseContents(path.join(dir, 'earlier-removed.duckdb')));
  });

  it('redoes only the new day and the days its look-ahead reaches back to, never the whole history', () => {
    const previous = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const incremental = append.models.filter((result) => result.partitions);
    expect(incremental.length).toBeGreaterThanOrEqual(7);
    for (const result of incremental) {
      // The last day's unit writes its own date and the next (sessions crossing its midnight);
      // a model looking ahead one day also redoes the day before.
      const allowed = 2 + result.model.lookaheadDays;
      expect(result.partitions!.fullRefresh, result.model.name).toBe(false);
      expect(result.partitions!.done, result.model.name).toBeLessThanOrEqual(allowed);
    }
    const done = (name: string) => append.models.find((result) => result.model.name === name)!.partitions!.done;
    expect(done('fact_session')).toBe(2);
    // The dimensions read no event table and their files did not change: kept, not rebuilt.
    expect(append.models.find((result) => result.model.name === 'dim_players')!.status).toBe('unchanged');
    // The heartbeat digest, which the encounter and heartbeat models read, redid the same two days.
    expect(append.digest).toMatchObject({ partitions: [lastDay, nextDay(lastDay)], fullRefresh: false });
    expect(done('player_activity_daily')).toBe(3);
    expect(done('stage_encounters')).toBe(3);
    // Models keyed by month redo the months of those days: the last day's, and the one before it.
    expect(lastDay).toBe('2025-02-01');
    expect(done('player_consecutive_days_monthly')).toBe(2);
    expect(done('player_activity_monthly')).toBe(2);
    expect(done('country_monthly_playtime')).toBe(2);
    // The trailing-window edges look back 30 days: the new day is the only key at or before the lake's end.
    expect(done('stage_active_day_edges')).toBe(1);
    expect(done('stage_player_returns')).toBe(1);
    // Signup dates from 37 days before the new day to the day after it (the two partitions its unit
    // wrote); the first of them turns eligible with it.
    expect(done('player_propensity_features')).toBe(39);
    expect(append.models.find((result) => result.model.name === 'player_activity_daily')!.partitions).toEqual({ done: 3, fullRefresh: false });
    // The data tests of the patched models look at those partitions only.
    const scopeOf = (name: string) => append.tests.find((result) => result.test.name === name)!.test.scope;
    expect(scopeOf('unique(fact_session: player_id, session_id)')).toBe('2 partitions redone');
    expect(scopeOf('unique(player_activity_daily: player_id, calendar_date)')).toBe('3 partitions redone');
    expect(scopeOf('relationships(fact_session.player_id -> dim_players.player_id)')).toBe('2 partitions redone');
    // A table kept unchanged was tested by the build that made it.
    expect(scopeOf('unique(dim_players: gamertag)')).toBe('kept unchanged');
    // The views over the digest are checked on the digest's redone partitions.
    expect(scopeOf('unique(stage_session_heartbeats: player_id, session_id, partition_date)')).toBe('2 partitions redone');
    expect(scopeOf('unique(stage_close_pairs: session_id, team_1_id, team_2_id, event_datetime)')).toBe('2 partitions redone');
    // fact_session was patched, so what refers to it is checked where its patch may have removed a parent too.
    expect(scopeOf('relationships(stage_encounters.session_id -> fact_session.session_id)')).toBe(
      "3 partitions redone, and old rows of the session_id values fact_session's patch removed",
    );
    // The singular tests that say how look from the first partition redone (the new day), and the
    // last build's lake was partial: from its last date, the day before, where they excused
    // sessions still running.
    expect(scopeOf('activity_matches_heartbeats')).toBe(`partitions from ${previous(lastDay)} on`);
    expect(scopeOf('kills_equal_deaths_in_each_session')).toBe(`partitions from ${previous(lastDay)} on`);
    expect(scopeOf('streaks_fit_in_their_month')).toBe('partitions from 2025-01-01 on');
    expect(scopeOf('marts_add_up_to_their_facts')).toBeUndefined();
    expect(append.tests.every((result) => result.status === 'passed')).toBe(true);
    expect(previous(lastDay) < lastDay).toBe(true);
  });

  it("redoes the lifetime of the players of the months it redid, not every player's", async () => {
    const lifetime = append.models.find((result) => result.model.name === 'player_stats_lifetime')!;
    const db = path.join(dir, 'appended.duckdb');
    const [months] = await select(db, `SELECT count(DISTINCT player_id) AS players FROM sprint_mart.player_activity_monthly WHERE year_month IN (DATE '2025-01-01', DATE '2025-02-01')`);
    expect(lifetime.keys).toEqual({ done: Number(months!.players), fullRefresh: false });
    expect(lifetime.keys!.done).toBeLessThan(lifetime.rows!);
    expect(append.tests.find((result) => result.test.name === 'unique(player_stats_lifetime: player_id)')!.test.scope).toBe(`${lifetime.keys!.done.toLocaleString('en-US')} player_id values redone`);
  });

  it('redoes the cohort rows of the players with a return or a purchase in the days it redid, which the cohort marts count', async () => {
    const redone = (name: string) => append.models.find((result) => result.model.name === name)!.redoneKeys!.map((day) => `DATE '${day}'`).join(', ');
    const [touched] = await select(
      path.join(dir, 'appended.duckdb'),
      `SELECT count(*) AS players FROM (
         SELECT player_id FROM sprint_stage.stage_player_returns WHERE calendar_date IN (${redone('stage_player_returns')})
         UNION SELECT player_id FROM sprint_stage.fact_transaction WHERE partition_date IN (${redone('fact_transaction')}))`,
    );
    const cohorts = append.models.find((result) => result.model.name === 'stage_player_cohorts')!;
    expect(cohorts.keys).toEqual({ done: Number(touched!.players), fullRefresh: false });
    expect(cohorts.keys!.done).toBeGreaterThan(0);
    expect(cohorts.rows).toBe(WORLD.players);
  });

  it('adds the players whose 37th day the new day is to the propensity features, as a full build has them', async () => {
    const eligible = await select(path.join(dir, 'appended.duckdb'), `SELECT CAST(max(signup_date) AS VARCHAR) AS last, count(*) AS n FROM sprint_mart.player_propensity_features`);
    expect(eligible[0]!.last).toBe('2024-12-26');
    expect(Number(eligible[0]!.n)).toBeGreaterThan(20);
  });

  it('ends equal to a full build of the whole lake', async () => {
    expect(await warehouseContents(path.join(dir, 'appended.duckdb'))).toEqual(await warehouseContents(path.join(dir, 'full.duckdb')));
  });

  it('redoes a partition whose file was rewritten with the same size', async () => {
    const db = path.join(dir, 'appended.duckdb');
    const sessions = listLake(grown).files.find((file) => file.table === 'sessions')!;
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(grown, sessions.path), later, later);
    const again = await build(grown, db);
    expect(again.models.find((result) => result.model.name === 'fact_session')!.partitions).toEqual({ done: 1, fullRefresh: false });
    expect(again.digest).toMatchObject({ partitions: [], fullRefresh: false });
  });

  it('rebuilds what reads a dimension when its file changes', async () => {
    const db = path.join(dir, 'appended.duckdb');
    const players = listLake(grown).files.find((file) => file.table === 'players')!;
    const later = new Date(Date.now() + 120_000);
    fs.utimesSync(path.join(grown, players.path), later, later);
    const again = await build(grown, db);
    const built = new Map(again.models.map((result) => [result.model.name, result]));
    expect(built.get('dim_players')!.status).toBe('built');
    // A model kept by key that reads the players is rebuilt whole: any player's row may have changed.
    expect(built.get('player_stats_lifetime')!.keys).toEqual({ done: built.get('player_stats_lifetime')!.rows, fullRefresh: true });
    // Incremental models that do not read the players keep their partitions.
    expect(built.get('fact_session')!.partitions).toEqual({ done: 0, fullRefresh: false });
  });

  it('records the encounter settings, so the report re-runs every data test with them and all pass', async () => {
    const db = path.join(dir, 'threshold-80.duckdb');
    await build(lake, db, { encounterThreshold: 80, encounterCooldown: 240 });
    const info = await select(db, `SELECT key, value FROM sprint_meta.build_info WHERE key LIKE 'encounter_%' ORDER BY key`);
    expect(info).toEqual([
      { key: 'encounter_cooldown', value: '240' },
      { key: 'encounter_threshold', value: '80' },
    ]);
    const report = await writeReport({ db, out: path.join(dir, 'report-80') });
    expect(report.tests.ranNow).toBe(true);
    expect(report.tests.total).toBeGreaterThan(100);
    expect(report.tests).toMatchObject({ failed: 0, errors: 0, passed: report.tests.total });
  });
});

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

describe('the bench figure of the warehouse at scale', () => {
  let dir: string;

  beforeAll(() => {
    dir = temporaryFolder('warehouse-scale');
  });
  afterAll(() => removeFolder(dir));

  it('reports rows/s, CPU, the slowest models, peak RSS and a one-day append beside the full build, from real builds', async () => {
    const lake = path.join(dir, 'lake');
    await simulate(lake, { players: 800, days: 6, seed: 'scale', blockSize: 1_048_576 });
    const heartbeats = listLake(lake).files.filter((file) => file.table === 'heartbeats').reduce((sum, file) => sum + (file.rows ?? 0), 0);
    const scale = warehouseScale(lake, { scratch: path.join(dir, 'scratch'), threads: 2 });
    expect(scale.heartbeatRows).toBe(heartbeats);
    expect(scale.heartbeatRowsPerSecond).toBeCloseTo(heartbeats / scale.seconds, 3);
    expect(scale.cpuPercent).toBeGreaterThan(10);
    expect(scale.peakRssBytes).toBeGreaterThan(50 * 1024 * 1024);
    expect(scale.slowest).toHaveLength(3);
    expect(scale.slowest[0]!.seconds).toBeGreaterThanOrEqual(scale.slowest[2]!.seconds);
    expect(scale.append.partitionsRedone).toBeGreaterThan(0);
    // The last day's unit writes its own date and the next: those two heartbeat files, no more.
    expect(scale.append.heartbeatPartitionsDigested).toBe(2);
    expect(scale.append.ratioToFullBuild).toBeCloseTo(scale.append.seconds / scale.seconds, 6);
    expect(fs.readdirSync(path.join(dir, 'scratch'))).toEqual([]);
  });
});

describe('a partial lake', () => {
  let dir: string;
  let lake: string;

  beforeAll(async () => {
    dir = temporaryFolder('warehouse-partial');
    lake = path.join(dir, 'lake');
    await simulate(lake, { players: 600, days: 3, seed: 'partial', blockSize: 1_048_576 });
  });
  afterAll(() => removeFolder(dir));

  it('whose players are not all written is refused before any work, in one line, creating no warehouse', () => {
    const manifestFile = path.join(lake, MANIFEST_FILE);
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { complete: boolean; units: Record<string, { files: { table: string }[] }> };
    const playersUnit = Object.keys(manifest.units).find((unit) => manifest.units[unit]!.files.some((file) => file.table === 'players'))!;
    delete manifest.units[playersUnit];
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, complete: false }));
    const db = path.join(dir, 'partial.duckdb');
    const result = runCliProcess('cli/buildWarehouse.ts', ['--lake', lake, '--db', db]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: lake .* is partial \(0 of its 600 players\); build once it is complete/)]);
    expect(result.stdout).not.toContain('sprint_stage');
    expect(fs.existsSync(db)).toBe(false);
  });
});
