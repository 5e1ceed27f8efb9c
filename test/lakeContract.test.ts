import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DuckDBInstance as Instance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SMALL_WORLD, removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { readTable, rows, scalar } from './helpers/duckdb.js';
import type { SimulationSummary } from '../workers/runSimulation.js';
import { PRODUCTS } from '../engine/products.js';
import { DEFAULT_CONFIG } from '../engine/config.js';

// Every invariant of CONTRACT §1, checked with DuckDB on Parquet written by real worker threads.
// Each check counts violating rows and also asserts the data it looks at is there, so an empty
// table can never pass for a correct one.

let lake: string;
let summary: SimulationSummary;
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  lake = temporaryFolder('contract');
  summary = await simulate(lake, { heartbeats: 'all' });
  instance = await Instance.create(':memory:');
  db = await instance.connect();
  await db.run("SET TimeZone = 'UTC'");
  for (const table of ['players', 'products', 'signons', 'sessions', 'transactions', 'heartbeats'] as const) {
    await db.run(`CREATE VIEW ${table} AS SELECT * FROM ${readTable(lake, table)}`);
  }
  await db.run(`CREATE VIEW session_spans AS
    SELECT *, event_datetime - to_seconds(event_length_seconds) AS started_at FROM sessions`);
});

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
  removeFolder(lake);
});

const count = async (sql: string) => Number(await scalar(db, sql));

describe('the lake written by simulate', () => {
  it('holds every table, with rows in each', async () => {
    for (const table of ['players', 'products', 'signons', 'sessions', 'transactions', 'heartbeats']) {
      expect(await count(`SELECT count(*) FROM ${table}`), table).toBeGreaterThan(0);
    }
    expect(summary.complete).toBe(true);
  });

  it('has exactly --players players, with unique ids', async () => {
    expect(await count('SELECT count(*) FROM players')).toBe(SMALL_WORLD.players);
    expect(await count('SELECT count(DISTINCT player_id) FROM players')).toBe(SMALL_WORLD.players);
    const [range] = await rows(db, 'SELECT min(signup_date)::VARCHAR AS first, max(signup_date) < DATE \'2025-01-01\' + 40 AS inside FROM players');
    expect(range).toEqual({ first: SMALL_WORLD.startDate, inside: true });
  });

  it('has the product catalog of about 40 products, with unique ids and SKUs', async () => {
    expect(await count('SELECT count(DISTINCT product_id) FROM products')).toBe(PRODUCTS.length);
    expect(await count('SELECT count(DISTINCT product_sku) FROM products')).toBe(PRODUCTS.length);
    expect(PRODUCTS.length).toBeGreaterThanOrEqual(35);
    expect(await count("SELECT count(*) FROM products WHERE transaction_type = 'BattlePass' AND (NOT is_recurring OR cycle NOT IN ('M', 'Y'))")).toBe(0);
  });

  it('stores timestamps as UTC microseconds, positions as Snappy and everything else as zstd', async () => {
    const file = path.join(lake, summary.rows.heartbeats ? 'heartbeats' : 'sessions');
    const schema = await rows(db, `SELECT name, logical_type::VARCHAR AS logical FROM parquet_schema('${file}/*/*.parquet') WHERE name = 'event_datetime' LIMIT 1`);
    expect(String(schema[0]!.logical)).toMatch(/isAdjustedToUTC=1.*MICROS|MICROS.*isAdjustedToUTC=1/s);
    const floats = `type = 'FLOAT'`;
    expect(await count(`SELECT count(*) FROM parquet_metadata('${lake}/*/*/*.parquet') WHERE ${floats}`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM parquet_metadata('${lake}/*/*/*.parquet') WHERE ${floats} AND compression <> 'SNAPPY'`)).toBe(0);
    expect(await count(`SELECT count(*) FROM parquet_metadata('${lake}/*/*/*.parquet') WHERE NOT ${floats} AND compression <> 'ZSTD'`)).toBe(0);
    expect(await count(`SELECT count(*) FROM parquet_metadata('${lake}/heartbeats/*/*.parquet') WHERE path_in_schema LIKE 'position_%' AND encodings NOT LIKE '%BYTE_STREAM_SPLIT%'`)).toBe(0);
  });

  it('partitions every event by the UTC date of event_datetime', async () => {
    for (const table of ['signons', 'sessions', 'transactions', 'heartbeats']) {
      expect(await count(`SELECT count(*) FROM ${table} WHERE date <> CAST(event_datetime AS DATE)`), table).toBe(0);
    }
  });

  it('has no event before the player signed up', async () => {
    for (const table of ['signons', 'transactions', 'heartbeats']) {
      expect(await count(`SELECT count(*) FROM ${table} e JOIN players p USING (player_id) WHERE CAST(e.event_datetime AS DATE) < p.signup_date`), table).toBe(0);
    }
    expect(await count('SELECT count(*) FROM session_spans s JOIN players p USING (player_id) WHERE CAST(s.started_at AS DATE) < p.signup_date')).toBe(0);
  });

  it('has no sign-on on or after a player churned', async () => {
    expect(await count('SELECT count(*) FROM players WHERE churn_date IS NOT NULL')).toBeGreaterThan(0);
    expect(await count('SELECT count(*) FROM signons JOIN players p USING (player_id) WHERE CAST(event_datetime AS DATE) >= p.churn_date')).toBe(0);
  });

  it('gives a player at most one sign-on and one session a day', async () => {
    expect(await count('SELECT count(*) FROM (SELECT player_id, date FROM signons GROUP BY ALL HAVING count(*) > 1)')).toBe(0);
    expect(await count('SELECT count(*) FROM (SELECT player_id, CAST(started_at AS DATE) FROM session_spans GROUP BY ALL HAVING count(*) > 1)')).toBe(0);
  });

  it('precedes every session with that player\'s sign-on the same UTC day', async () => {
    expect(await count(`SELECT count(*) FROM session_spans s
      LEFT JOIN signons o ON o.player_id = s.player_id AND CAST(o.event_datetime AS DATE) = CAST(s.started_at AS DATE) AND o.event_datetime <= s.started_at
      WHERE o.player_id IS NULL`)).toBe(0);
  });

  it('has sessions that cross midnight, landing in the next date partition', async () => {
    expect(await count('SELECT count(*) FROM session_spans WHERE CAST(started_at AS DATE) < date')).toBeGreaterThan(0);
  });

  it('starts every player of a session at the same moment', async () => {
    expect(await count('SELECT count(*) FROM (SELECT session_id FROM session_spans GROUP BY session_id HAVING count(DISTINCT started_at) > 1)')).toBe(0);
  });

  it('keeps kills and deaths zero-sum inside every session', async () => {
    expect(await count('SELECT count(*) FROM (SELECT session_id FROM sessions GROUP BY session_id HAVING sum(kills) <> sum(deaths))')).toBe(0);
    expect(await count('SELECT sum(kills) FROM sessions')).toBeGreaterThan(0);
  });

  it('has both game modes, skirmishes of 1–5 teams of 1–2 players and battle royales of up to 50 teams', async () => {
    const modes = await rows(db, `SELECT game_mode, max(teams) AS max_teams, max(team_size) AS max_size FROM (
        SELECT session_id, any_value(game_mode) AS game_mode, count(DISTINCT team_id) AS teams, max(n) AS team_size
        FROM (SELECT session_id, team_id, game_mode, count(*) OVER (PARTITION BY team_id) AS n FROM sessions) GROUP BY session_id
      ) GROUP BY game_mode ORDER BY game_mode`);
    expect(modes.map((m) => m.game_mode)).toEqual(['battle_royale', 'skirmish']);
    const skirmish = modes.find((m) => m.game_mode === 'skirmish')!;
    expect(Number(skirmish.max_teams)).toBeLessThanOrEqual(5);
    expect(Number(skirmish.max_size)).toBeLessThanOrEqual(2);
    expect(Number(modes.find((m) => m.game_mode === 'battle_royale')!.max_teams)).toBeLessThanOrEqual(50);
  });

  it('logs heartbeats on the session\'s shared 30-second ticks, one per started half-minute of play', async () => {
    expect(await count(`SELECT count(*) FROM heartbeats h JOIN session_spans s USING (player_id, session_id)
      WHERE epoch_us(h.event_datetime - s.started_at) % 30000000 <> 0 OR h.event_datetime >= s.event_datetime OR h.team_id <> s.team_id`)).toBe(0);
    expect(await count(`SELECT count(*) FROM session_spans s LEFT JOIN (SELECT player_id, session_id, count(*) AS beats FROM heartbeats GROUP BY ALL) h USING (player_id, session_id)
      WHERE coalesce(h.beats, 0) <> ceil(s.event_length_seconds / 30)`)).toBe(0);
  });

  it('keeps positions inside the map of the session\'s mode', async () => {
    const limit = Math.max(DEFAULT_CONFIG.modes.skirmish.mapHalfSize, DEFAULT_CONFIG.modes.battle_royale.mapHalfSize);
    expect(await count(`SELECT count(*) FROM heartbeats WHERE abs(position_x) > ${limit} OR abs(position_y) > ${limit} OR position_z < 0 OR isnan(position_x)`)).toBe(0);
    expect(await count(`SELECT count(*) FROM heartbeats h JOIN (SELECT DISTINCT session_id, game_mode FROM sessions) s USING (session_id)
      WHERE s.game_mode = 'skirmish' AND (abs(position_x) > ${DEFAULT_CONFIG.modes.skirmish.mapHalfSize} OR abs(position_y) > ${DEFAULT_CONFIG.modes.skirmish.mapHalfSize})`)).toBe(0);
  });

  it('charges the catalog price and describes the product on every transaction', async () => {
    expect(await count(`SELECT count(*) FROM transactions t LEFT JOIN products p ON p.product_sku = t.purchase_item
      WHERE p.product_sku IS NULL OR t.purchase_price <> p.price_usd OR t.is_recurring <> p.is_recurring
         OR t.cycle IS DISTINCT FROM p.cycle OR t.transaction_type <> p.transaction_type OR t.currency <> 'USD'`)).toBe(0);
    expect(await count('SELECT count(DISTINCT transaction_id) FROM transactions')).toBe(await count('SELECT count(*) FROM transactions'));
  });

  it('renews monthly battle passes every 30 days, and only before churn', async () => {
    expect(await count("SELECT count(*) FROM transactions WHERE cycle = 'M'")).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM (
        SELECT CAST(event_datetime AS DATE) - lag(CAST(event_datetime AS DATE)) OVER (PARTITION BY player_id, purchase_item ORDER BY event_datetime) AS gap
        FROM transactions WHERE cycle = 'M') WHERE gap IS NOT NULL AND gap <> 30`)).toBe(0);
    expect(await count('SELECT count(*) FROM transactions JOIN players p USING (player_id) WHERE p.churn_date IS NOT NULL AND CAST(event_datetime AS DATE) >= p.churn_date')).toBe(0);
  });

  it('records every unit, its files and row counts in the manifest', () => {
    const manifest = JSON.parse(readFileSync(path.join(lake, '_manifest.json'), 'utf8'));
    expect(manifest.complete).toBe(true);
    expect(manifest.params).toMatchObject({ seed: SMALL_WORLD.seed, players: SMALL_WORLD.players, days: SMALL_WORLD.days });
    const files = Object.values(manifest.units as Record<string, { files: { rows: number; table: string }[] }>).flatMap((u) => u.files);
    const heartbeatRows = files.filter((f) => f.table === 'heartbeats').reduce((s, f) => s + f.rows, 0);
    expect(heartbeatRows).toBe(summary.rows.heartbeats);
  });

  it('has heartbeat row counts in the manifest that match the files', async () => {
    expect(await count('SELECT count(*) FROM heartbeats')).toBe(summary.rows.heartbeats);
  });
});
