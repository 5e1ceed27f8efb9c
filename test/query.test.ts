import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { tableGlob } from '../partitions/layout.js';
import type { Row } from '../warehouse/connection.js';
import { answerQuestion } from '../warehouse/questions/answerQuestion.js';
import { findQuestion, QUESTIONS } from '../warehouse/questions/catalog.js';
import { formatTable } from '../warehouse/questions/formatTable.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { build, captureStdout, runCliProcess, select } from './helpers/warehouseBuild.js';
import { queryMain } from '../cli/query.js';

// The business questions of CONTRACT §3, answered from sprint_mart and checked against the same
// answer computed straight from the lake's Parquet files.

describe('npm run query', () => {
  let dir: string;
  let lake: string;
  let db: string;
  const ask = (name: string, options: Record<string, string> = {}) => answerQuestion(db, findQuestion(name)!, options);
  const sessions = () => `read_parquet('${tableGlob(lake, 'sessions')}')`;
  const fromLake = (sql: string) => select(db, sql);

  beforeAll(async () => {
    dir = temporaryFolder('query');
    lake = path.join(dir, 'lake');
    db = path.join(dir, 'warehouse.duckdb');
    await simulate(lake, { players: 2000, days: 8, seed: 'query' });
    await build(lake, db);
  });
  afterAll(() => removeFolder(dir));

  it("answers a player's play time on a date with the seconds of the sessions that started that day", async () => {
    const [busiest] = await fromLake(`
      SELECT player_id, CAST(CAST(timezone('UTC', event_datetime) - to_seconds(event_length_seconds) AS DATE) AS VARCHAR) AS day, sum(event_length_seconds) AS seconds
      FROM ${sessions()} GROUP BY ALL ORDER BY seconds DESC, player_id LIMIT 1`);
    const [answer] = await ask('play-time', { player: String(busiest!.player_id), date: busiest!.day as string });
    expect(answer!.total_play_time_seconds).toBe(String(busiest!.seconds));
    const [nothing] = await ask('play-time', { player: String(busiest!.player_id), date: '1999-01-01' });
    expect(nothing!.total_play_time_seconds).toBe('0');
  });

  it('answers the week with the most distinct players', async () => {
    const expected = await fromLake(`
      SELECT CAST(date_trunc('week', CAST(timezone('UTC', event_datetime) - to_seconds(event_length_seconds) AS DATE)) AS DATE) AS year_week, count(DISTINCT player_id) AS players
      FROM ${sessions()} GROUP BY ALL ORDER BY players DESC, year_week LIMIT 2`);
    expect(await ask('busiest-week', { top: '2' })).toEqual(expected);
  });

  it('answers the country with the most play time in a month', async () => {
    const [expected] = await fromLake(`
      SELECT country, sum(event_length_seconds) AS seconds FROM ${sessions()}
      WHERE date_trunc('month', timezone('UTC', event_datetime) - to_seconds(event_length_seconds)) = DATE '2025-01-01'
      GROUP BY country ORDER BY seconds DESC, country LIMIT 1`);
    const [answer] = await ask('top-country-playtime', { month: '2025-01' });
    expect([answer!.country, answer!.total_play_time_seconds]).toEqual([expected!.country, String(expected!.seconds)]);
  });

  it("answers a player's lifetime K/D and the month of their longest run of play days", async () => {
    const [expected] = await fromLake(`
      SELECT player_id, sum(kills) AS kills, sum(deaths) AS deaths FROM ${sessions()}
      GROUP BY player_id HAVING sum(deaths) > 0 ORDER BY count(*) DESC, player_id LIMIT 1`);
    const [answer] = await ask('player-kd', { player: String(expected!.player_id) });
    expect(answer).toMatchObject({ total_kills: String(expected!.kills), total_deaths: String(expected!.deaths) });
    expect(answer!.kill_death_ratio).toBeCloseTo(Number(expected!.kills) / Number(expected!.deaths), 3);
    expect(answer!.longest_run_month).toBe('2025-01-01');
    expect(Number(answer!.longest_run_days)).toBeGreaterThanOrEqual(1);
  });

  it("answers each week's top country by revenue, or one week's", async () => {
    const expected = await fromLake(`
      WITH weekly AS (
        SELECT CAST(date_trunc('week', timezone('UTC', event_datetime)) AS DATE) AS year_week, country, sum(purchase_price) AS total_revenue
        FROM read_parquet('${tableGlob(lake, 'transactions')}') GROUP BY ALL)
      SELECT year_week, country, total_revenue FROM weekly
      QUALIFY row_number() OVER (PARTITION BY year_week ORDER BY total_revenue DESC, country) = 1
      ORDER BY year_week`);
    expect(await ask('top-country-revenue')).toEqual(expected);
    expect(await ask('top-country-revenue', { week: expected[1]!.year_week as string })).toEqual([expected[1]]);
  });

  it('answers close encounters per session and day inside the date range only', async () => {
    const all = await ask('encounters', { limit: '100000' });
    expect(all.length).toBeGreaterThan(0);
    const rows = await ask('encounters', { from: '2025-01-03', to: '2025-01-04', limit: '100000' });
    expect(rows.length).toBe(all.filter((row) => row.calendar_day === '2025-01-03' || row.calendar_day === '2025-01-04').length);
    expect(await ask('encounters', { session: String(all[0]!.session_id), limit: '5' })).toContainEqual(all[0]);
  });

  it('answers daily, weekly and monthly active players for every day asked', async () => {
    const rows = await ask('active-players', { from: '2025-01-02', to: '2025-01-05' });
    expect(rows.map((row: Row) => row.calendar_date)).toEqual(['2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05']);
    const [signons] = await fromLake(`
      SELECT count(DISTINCT player_id) AS players FROM read_parquet('${tableGlob(lake, 'signons')}')
      WHERE CAST(timezone('UTC', event_datetime) AS DATE) BETWEEN DATE '2024-12-30' AND DATE '2025-01-05'`);
    expect(rows[3]!.wau).toBe(String(signons!.players));
  });

  it('refuses quotes and SQL in a parameter before they reach any query', async () => {
    await expect(ask('play-time', { player: '1 OR 1=1', date: '2025-01-01' })).rejects.toThrow('--player takes a player id (a whole number), got "1 OR 1=1"');
    await expect(ask('play-time', { player: '1', date: "2025-01-01'; DROP TABLE sprint_mart.daily_kpis; --" })).rejects.toThrow(/--date takes a date YYYY-MM-DD/);
    await expect(ask('busiest-week', { month: '2025-01' })).rejects.toThrow('--month does not apply to busiest-week (its options: --top)');
    for (const question of QUESTIONS) {
      for (const option of question.options) expect(question.sql).toContain(`$${option.name}`);
    }
    expect(await select(db, 'SELECT count(*) AS n FROM sprint_mart.daily_kpis')).toEqual([{ n: '8' }]);
  });

  it('prints JSON with --json, a table otherwise, and the questions with --list', async () => {
    const json = runCliProcess('cli/query.ts', ['busiest-week', '--top', '2', '--json', '--db', db]);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(await ask('busiest-week', { top: '2' }));
    expect(formatTable(await ask('busiest-week'))).toMatch(/^year_week\s+players\n-+\s+-+\n\d{4}-\d{2}-\d{2}\s+\d+\n$/);
    const list = await captureStdout(() => queryMain(['--list']));
    for (const question of QUESTIONS) expect(list).toContain(`${question.name} `);
    const table = await captureStdout(() => queryMain(['2', '--top', '2', '--db', db]));
    expect(table).toMatch(/^2\. The week with the most distinct players\n\nyear_week\s+players\n/);
    await expect(answerQuestion(path.join(dir, 'none.duckdb'), findQuestion('busiest-week')!, {})).rejects.toThrow(/^no warehouse at .*none\.duckdb; build it with/);
  });
});
