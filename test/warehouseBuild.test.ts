import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { tableGlob } from '../partitions/layout.js';
import type { BuildSummary } from '../warehouse/buildWarehouse.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { build, select, warehouseContents, withWarehouse } from './helpers/warehouseBuild.js';
import { everyPairReference, warehouseEncounters } from './helpers/warehouseEncounterReference.js';

// The warehouse built on a small lake written by the real engine, each mart checked against the
// same number computed another way straight from the lake's Parquet files.

const CONTRACT_COLUMNS: Record<string, string[]> = {
  'sprint_raw.event_signons': ['player_id', 'event_datetime', 'country', 'platform'],
  'sprint_raw.event_session': ['player_id', 'session_id', 'team_id', 'event_datetime', 'country', 'event_length_seconds', 'kills', 'deaths', 'game_mode'],
  'sprint_raw.event_transaction': ['transaction_id', 'player_id', 'event_datetime', 'purchase_item', 'purchase_price', 'currency', 'is_recurring', 'cycle', 'transaction_type'],
  'sprint_raw.event_heartbeat': ['player_id', 'event_datetime', 'team_id', 'session_id', 'position_x', 'position_y', 'position_z'],
  'sprint_dim.dim_players': ['player_id', 'signup_date', 'country', 'platform', 'archetype', 'spender_segment', 'churn_date'],
  'sprint_dim.dim_products': ['product_id', 'product_sku', 'product_name', 'tier', 'price_usd', 'transaction_type', 'is_recurring', 'cycle'],
  'sprint_stage.fact_session': ['player_id', 'session_id', 'team_id'],
  'sprint_stage.stage_centroids': ['session_id', 'team_id', 'event_datetime', 'centroid_x', 'centroid_y', 'centroid_z'],
  'sprint_stage.stage_encounters': ['session_id', 'team_1_id', 'team_2_id', 'encounter_start', 'encounter_end'],
  'sprint_mart.player_activity_daily': ['player_id', 'calendar_date', 'total_play_time_seconds', 'sessions_count', 'total_kills', 'total_deaths', 'kill_death_ratio'],
  'sprint_mart.player_stats_lifetime': ['country', 'player_id', 'total_kills', 'total_deaths', 'kill_death_ratio', 'first_played', 'last_played'],
  'sprint_mart.player_consecutive_days_monthly': ['player_id', 'year_month', 'country', 'max_consecutive_days_played'],
  'sprint_mart.country_monthly_playtime': ['country', 'year_month', 'total_play_time_seconds'],
  'sprint_mart.country_weekly_revenue': ['country', 'year_week', 'total_revenue'],
  'sprint_mart.encounter_summary_daily': ['session_id', 'team_1_id', 'team_2_id', 'calendar_day', 'daily_encounter_count', 'total_encounter_seconds'],
  'sprint_mart.session_close_encounters_daily': ['session_id', 'calendar_day', 'close_encounter_count', 'total_encounter_seconds'],
  'sprint_mart.daily_kpis': ['calendar_date', 'dau', 'wau', 'mau', 'new_players', 'revenue', 'paying_players', 'arpdau'],
  'sprint_mart.retention_cohorts': ['signup_week', 'cohort_players', 'd1_retention', 'd7_retention', 'd30_retention'],
};

describe('the warehouse built on an engine-written lake', () => {
  let dir: string;
  let lake: string;
  let db: string;
  let summary: BuildSummary;
  const parquet = (table: 'players' | 'signons' | 'sessions' | 'transactions') =>
    `read_parquet('${tableGlob(lake, table)}'${table === 'players' ? '' : ', hive_partitioning = true'})`;
  /** Rows in `a` missing from `b` plus rows in `b` missing from `a`. */
  const difference = async (a: string, b: string) => {
    const [row] = await select(db, `SELECT (SELECT count(*) FROM ((${a}) EXCEPT ALL (${b}))) + (SELECT count(*) FROM ((${b}) EXCEPT ALL (${a}))) AS n`);
    return Number(row!.n);
  };

  beforeAll(async () => {
    dir = temporaryFolder('warehouse-build');
    lake = path.join(dir, 'lake');
    db = path.join(dir, 'warehouse.duckdb');
    await simulate(lake, { players: 3000, days: 10, seed: 'warehouse' });
    summary = await build(lake, db);
  });
  afterAll(() => removeFolder(dir));

  it('has every schema, table and column CONTRACT §2 names', async () => {
    const columns = await select(db, `SELECT schema_name || '.' || table_name AS relation, column_name FROM duckdb_columns()`);
    for (const [relation, names] of Object.entries(CONTRACT_COLUMNS)) {
      const present = columns.filter((row) => row.relation === relation).map((row) => row.column_name);
      expect(present, relation).toEqual(expect.arrayContaining(names));
    }
  });

  it('passes every data test, generic and singular', () => {
    expect(summary.tests.length).toBeGreaterThan(100);
    expect(summary.tests.filter((result) => result.status !== 'passed')).toEqual([]);
    expect(summary.tests.map((result) => result.test.name)).toEqual(
      expect.arrayContaining(['activity_matches_heartbeats', 'weekly_revenue_matches_raw_transactions', 'streaks_fit_in_their_month', 'encounters_last_at_least_one_tick']),
    );
  });

  it('shows the lake instants as plain UTC timestamps that fall in their date partition', async () => {
    const [types] = await select(db, `SELECT typeof(event_datetime) AS type FROM sprint_raw.event_session LIMIT 1`);
    expect(types!.type).toBe('TIMESTAMP');
    const [row] = await select(
      db,
      `SELECT count(*) AS n, count(*) FILTER (WHERE CAST(event_datetime AS DATE) <> partition_date) AS off FROM sprint_raw.event_heartbeat`,
    );
    expect(Number(row!.n)).toBeGreaterThan(10_000);
    expect(row!.off).toBe('0');
  });

  it('sums play time, kills and deaths per player and day as the lake sessions do', async () => {
    const fromLake = `
      SELECT player_id, CAST(timezone('UTC', event_datetime) - to_seconds(event_length_seconds) AS DATE) AS day,
             sum(event_length_seconds) AS seconds, count(*) AS sessions, sum(kills) AS kills, sum(deaths) AS deaths
      FROM ${parquet('sessions')} GROUP BY ALL`;
    const fromMart = `SELECT player_id, calendar_date, total_play_time_seconds, sessions_count, total_kills, total_deaths FROM sprint_mart.player_activity_daily`;
    expect(await difference(fromLake, fromMart)).toBe(0);
  });

  it('sums each player lifetime as the lake sessions do, with the country the players file gives', async () => {
    const fromLake = `
      SELECT p.country, s.player_id, sum(s.kills) AS kills, sum(s.deaths) AS deaths, sum(s.kills) / nullif(sum(s.deaths), 0) AS ratio,
             min(CAST(timezone('UTC', s.event_datetime) - to_seconds(s.event_length_seconds) AS DATE)) AS first_played,
             max(CAST(timezone('UTC', s.event_datetime) - to_seconds(s.event_length_seconds) AS DATE)) AS last_played
      FROM ${parquet('sessions')} AS s JOIN ${parquet('players')} AS p USING (player_id) GROUP BY ALL`;
    const fromMart = `SELECT country::VARCHAR, player_id, total_kills, total_deaths, kill_death_ratio, first_played, last_played FROM sprint_mart.player_stats_lifetime`;
    expect(await difference(fromLake, fromMart)).toBe(0);
    expect(Number((await select(db, 'SELECT count(*) AS n FROM sprint_mart.player_stats_lifetime'))[0]!.n)).toBeGreaterThan(100);
  });

  it('counts weekly and monthly actives as a distinct count over the trailing 7 and 30 days would', async () => {
    const bruteForce = `
      WITH active AS (SELECT DISTINCT player_id, CAST(timezone('UTC', event_datetime) AS DATE) AS day FROM ${parquet('signons')}),
      days AS (SELECT DISTINCT day FROM active)
      SELECT d.day,
             count(DISTINCT a.player_id) FILTER (WHERE a.day = d.day) AS dau,
             count(DISTINCT a.player_id) FILTER (WHERE a.day > d.day - 7) AS wau,
             count(DISTINCT a.player_id) AS mau
      FROM days AS d JOIN active AS a ON a.day <= d.day AND a.day > d.day - 30
      GROUP BY d.day`;
    expect(await difference(bruteForce, 'SELECT calendar_date, dau, wau, mau FROM sprint_mart.daily_kpis')).toBe(0);
  });

  it('finds each player longest monthly streak as walking their days one by one does', async () => {
    const days = await select(db, 'SELECT player_id, CAST(calendar_date AS VARCHAR) AS day FROM sprint_mart.player_activity_daily ORDER BY player_id, calendar_date');
    const expected = new Map<string, number>();
    let previous: { player: string; day: string; run: number } | null = null;
    for (const { player_id, day } of days as { player_id: string; day: string }[]) {
      const consecutive: boolean = previous?.player === player_id && previous.day.slice(0, 7) === day.slice(0, 7) && Date.parse(day) - Date.parse(previous.day) === 86_400_000;
      const run: number = consecutive ? previous!.run + 1 : 1;
      const key = `${player_id}|${day.slice(0, 7)}-01`;
      expected.set(key, Math.max(expected.get(key) ?? 0, run));
      previous = { player: player_id, day, run };
    }
    const mart = await select(db, 'SELECT player_id, CAST(year_month AS VARCHAR) AS month, max_consecutive_days_played AS days FROM sprint_mart.player_consecutive_days_monthly');
    expect(new Map(mart.map((row) => [`${row.player_id}|${row.month}`, Number(row.days)]))).toEqual(expected);
    expect(Math.max(...expected.values())).toBeGreaterThan(2);
  });

  it('adds up revenue per country and ISO week as the lake transactions do', async () => {
    const fromLake = `
      SELECT country, CAST(date_trunc('week', CAST(timezone('UTC', event_datetime) AS DATE)) AS DATE) AS week, sum(purchase_price) AS revenue
      FROM ${parquet('transactions')} GROUP BY ALL`;
    expect(await difference(fromLake, 'SELECT country, year_week, total_revenue FROM sprint_mart.country_weekly_revenue')).toBe(0);
  });

  it('counts day-1 and day-7 returns per signup week from the sign-ons', async () => {
    const fromLake = `
      WITH p AS (SELECT player_id, signup_date FROM ${parquet('players')}),
      s AS (SELECT DISTINCT player_id, CAST(timezone('UTC', event_datetime) AS DATE) AS day FROM ${parquet('signons')})
      SELECT CAST(date_trunc('week', p.signup_date) AS DATE) AS week, count(DISTINCT p.player_id) AS players,
             count(DISTINCT s1.player_id) AS d1, count(DISTINCT s7.player_id) AS d7
      FROM p
      LEFT JOIN s AS s1 ON s1.player_id = p.player_id AND s1.day = p.signup_date + 1
      LEFT JOIN s AS s7 ON s7.player_id = p.player_id AND s7.day = p.signup_date + 7
      GROUP BY week`;
    const fromMart = 'SELECT signup_week, cohort_players, d1_retained_players, d7_retained_players FROM sprint_mart.retention_cohorts';
    expect(await difference(fromLake, fromMart)).toBe(0);
  });

  it('finds the close encounters that comparing every pair of teams finds', async () => {
    await withWarehouse(db, async (connection) => {
      const expected = await everyPairReference(connection, 50, 180);
      expect(expected.encounters.length).toBeGreaterThan(10);
      expect(await warehouseEncounters(connection)).toEqual(expected);
    });
  });

  it('redoes no partition and changes nothing when built again on the same lake', async () => {
    const before = await warehouseContents(db);
    const again = await build(lake, db);
    expect(again.models.filter((result) => result.partitions).map((result) => result.partitions!.done)).toEqual(
      again.models.filter((result) => result.partitions).map(() => 0),
    );
    expect(await warehouseContents(db)).toEqual(before);
  });

  it('rebuilds every model with --full-refresh and drops tables no model makes any more', async () => {
    const before = await warehouseContents(db);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE sprint_mart.retired_mart AS SELECT 1 AS x');
    connection.closeSync();
    instance.closeSync();
    const again = await build(lake, db, { fullRefresh: true });
    expect(again.models.filter((result) => result.partitions).every((result) => result.partitions!.fullRefresh)).toBe(true);
    expect(await warehouseContents(db)).toEqual(before);
  });
});
