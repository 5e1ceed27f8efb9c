import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openWarehouse } from '../warehouse/connection.js';
import { listLake } from '../warehouse/lakeFiles.js';
import { withConnection } from './helpers/duckdb.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { build, select, warehouseContents } from './helpers/warehouseBuild.js';

const WORLD = { players: 400, days: 5, seed: 'categories', blockSize: 1_048_576 } as const;

/** Rewrites a Parquet file through DuckDB, atomically, so a hard-linked original is left as it was. */
async function rewrite(file: string, select: string): Promise<void> {
  const next = `${file}.next`;
  await withConnection((connection) => connection.run(`COPY (${select.replaceAll('{file}', `read_parquet('${file}')`)}) TO '${next}' (FORMAT parquet)`));
  fs.renameSync(next, file);
}

describe('category columns', () => {
  let dir: string;
  let lake: string;

  beforeAll(async () => {
    dir = temporaryFolder('categories');
    lake = path.join(dir, 'lake');
    await simulate(lake, WORLD);
    await build(lake, path.join(dir, 'warehouse.duckdb'));
  });
  afterAll(() => removeFolder(dir));

  it('holds each as an ENUM of exactly the lake’s values, sorted as the strings sort', async () => {
    const db = path.join(dir, 'warehouse.duckdb');
    const glob = (table: string) => `read_parquet('${path.join(lake, table)}/**/*.parquet')`;
    const [lakeValues] = await select(
      db,
      `SELECT list(DISTINCT country ORDER BY country) AS countries, list(DISTINCT platform ORDER BY platform) AS platforms
       FROM (SELECT country, platform FROM ${glob('players')} UNION ALL SELECT country, platform FROM ${glob('sessions')} UNION ALL SELECT country, platform FROM ${glob('signons')})`,
    );
    const [members] = await select(
      db,
      `SELECT enum_range(any_value(country))::VARCHAR[] AS countries, enum_range(any_value(platform))::VARCHAR[] AS platforms FROM sprint_stage.fact_session`,
    );
    expect(members).toEqual(lakeValues);
    expect((lakeValues!.countries as string[]).length).toBeGreaterThan(10);

    const types = await select(
      db,
      `SELECT table_name || '.' || column_name AS name, data_type FROM duckdb_columns()
       WHERE schema_name IN ('sprint_dim', 'sprint_stage', 'sprint_mart') AND column_name IN ('country', 'game_mode', 'gamertag', 'device')
       ORDER BY name`,
    );
    for (const { name, data_type } of types) {
      expect([name, (data_type as string).startsWith('ENUM(')]).toEqual([name, !(name as string).endsWith('.gamertag')]);
    }
    expect(types.map(({ name }) => name)).toContain('fact_session.game_mode');

    // Sorting, grouping and comparing as ENUMs gives what the strings would.
    const [orders] = await select(
      db,
      `SELECT list(country ORDER BY country, player_id) = list(country ORDER BY country::VARCHAR, player_id) AS sorts_alike,
              max(country)::VARCHAR = max(country::VARCHAR) AS max_alike,
              count(*) FILTER (WHERE country = 'US') = count(*) FILTER (WHERE country::VARCHAR = 'US') AS equals_alike,
              count(*) FILTER (WHERE country = 'XX') AS unknown_value
       FROM sprint_dim.dim_players`,
    );
    expect(orders).toEqual({ sorts_alike: true, max_alike: true, equals_alike: true, unknown_value: '0' });
  });

  it('gives a category a new member when a changed day brings a new value, and rebuilds what reads it to what a full build gives', async () => {
    const db = path.join(dir, 'grown.duckdb');
    const grown = path.join(dir, 'grown');
    fs.cpSync(lake, grown, { recursive: true });
    await build(grown, db);
    const lastSessions = listLake(grown).files.filter((file) => file.table === 'sessions').sort((a, b) => a.path.localeCompare(b.path)).at(-1)!;
    await rewrite(
      path.join(grown, lastSessions.path),
      `SELECT * REPLACE (CASE WHEN player_id = (SELECT min(player_id) FROM {file}) THEN 'ZZ' ELSE country END AS country) FROM {file}`,
    );

    const summary = await build(grown, db);
    const factSession = summary.models.find((result) => result.model.name === 'fact_session')!;
    expect(factSession.partitions?.fullRefresh).toBe(true);
    const [row] = await select(db, `SELECT count(*) FILTER (WHERE country = 'ZZ') AS zz, list_position(enum_range(any_value(country))::VARCHAR[], 'ZZ') = len(enum_range(any_value(country))) AS last FROM sprint_stage.fact_session`);
    expect(row).toEqual({ zz: expect.not.stringMatching(/^0$/), last: true });
    const [members] = await select(db, `SELECT value FROM sprint_meta.build_info WHERE key = 'category_members'`);
    expect(JSON.parse(members!.value as string).members.country).toContain('ZZ');

    await build(grown, path.join(dir, 'grown-full.duckdb'));
    expect(await warehouseContents(db)).toEqual(await warehouseContents(path.join(dir, 'grown-full.duckdb')));

    // With nothing new, the next build keeps the types and redoes nothing.
    const again = await build(grown, db);
    expect(again.models.find((result) => result.model.name === 'fact_session')!.partitions?.done ?? 0).toBe(0);
  });

  it('reads every file of the categories a warehouse did not record (one built by an older version), not only the changed ones', async () => {
    const db = path.join(dir, 'older.duckdb');
    fs.copyFileSync(path.join(dir, 'warehouse.duckdb'), db);
    const older = await openWarehouse(db);
    await older.connection.run(`DELETE FROM sprint_meta.build_info WHERE key = 'category_members'`);
    older.close();

    // The lake has not changed, so only the dimension files are read again, and game_mode is in none of them.
    await build(lake, db);
    const [type] = await select(db, `SELECT data_type FROM duckdb_columns() WHERE table_name = 'fact_session' AND column_name = 'game_mode'`);
    expect(type!.data_type).toMatch(/^ENUM\('battle_royale', 'skirmish'\)$/);
    expect(await warehouseContents(db)).toEqual(await warehouseContents(path.join(dir, 'warehouse.duckdb')));
  });
});
