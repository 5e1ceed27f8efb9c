import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import path from 'node:path';
import { runDataTests, singularTests } from '../warehouse/dataTests.js';
import type { SingularScope } from '../warehouse/dataTests.js';
import { DIGEST_SCHEMA, DIGEST_TABLES } from '../warehouse/heartbeatDigest/digestTables.js';
import { loadModels } from '../warehouse/modelGraph.js';
import { RAW_SCHEMA, RAW_VIEW_NAMES } from '../warehouse/rawViews.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { build } from './helpers/warehouseBuild.js';

// The singular tests of an incremental build, narrowed to what it redid, on a real warehouse: a
// bad row in a redone partition must still fail them, with its twin or counterpart in an old
// partition included, while bad rows only in old partitions (which the last build tested) are
// left to the full tests, which still see them. Each case breaks the built tables inside a
// transaction that is rolled back.

const models = loadModels();
const relations = new Map<string, string>([
  ...Object.values(RAW_VIEW_NAMES).map((view): [string, string] => [view, `${RAW_SCHEMA}.${view}`]),
  ...DIGEST_TABLES.map((table): [string, string] => [table, `${DIGEST_SCHEMA}.${table}`]),
  ...models.map((model): [string, string] => [model.name, `${model.schema}.${model.name}`]),
]);
const context = { relations, vars: { encounter_threshold: 50, encounter_cooldown: 180 } };

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;
let lastDate: string;

/** Every partitioned model redone from `since` on (months from its month), the dimensions unchanged. */
function redoneFrom(since: string, overrides: Record<string, string | null> = {}): SingularScope {
  const entries = models.map((model): [string, string | null] => {
    if (model.name in overrides) return [model.name, overrides[model.name]!];
    if (!model.partitionBy) return [model.name, null];
    return [model.name, model.partitionGrain === 'month' ? `${since.slice(0, 7)}-01` : since];
  });
  return { since: new Map(entries), unchangedTests: new Set(singularTests(context).map((test) => test.name)) };
}

/** Which of the named singular tests fail after `breakIt`, narrowed by `scope` or whole. */
async function failing(names: readonly string[], breakIt: string | string[], scope?: SingularScope): Promise<string[]> {
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const statement of [breakIt].flat()) await connection.run(statement);
    const tests = singularTests(context, undefined, scope).filter((test) => names.includes(test.name));
    expect(tests.map((test) => test.name).sort()).toEqual([...names].sort());
    if (scope) expect(tests.every((test) => test.scope !== undefined), 'every one of them narrowed').toBe(true);
    const results = await runDataTests(connection, tests);
    return results.filter((result) => result.status !== 'passed').map((result) => `${result.test.name}${result.status === 'error' ? `: ${String(result.error)}` : ''}`);
  } finally {
    await connection.run('ROLLBACK');
  }
}

beforeAll(async () => {
  dir = temporaryFolder('scoped-singular');
  const lake = path.join(dir, 'lake');
  await simulate(lake, { players: 600, days: 6, seed: 'scoped-singular' });
  const db = path.join(dir, 'warehouse.duckdb');
  await build(lake, db);
  instance = await DuckDBInstance.create(db);
  connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  const reader = await connection.runAndReadAll('SELECT CAST(max(partition_date) AS VARCHAR) AS last FROM sprint_stage.fact_session');
  lastDate = String(reader.getRowObjectsJS()[0]!.last);
});

afterAll(() => {
  connection?.closeSync();
  instance?.closeSync();
  removeFolder(dir);
});

const ALL = ['activity_matches_heartbeats', 'kills_equal_deaths_in_each_session', 'no_event_before_signup', 'sessions_follow_a_signon_the_same_day', 'streaks_fit_in_their_month', 'teams_belong_to_one_session'];

describe('singular tests narrowed to what a build redid', () => {
  it('pass on the built warehouse, narrowed or whole', async () => {
    expect(await failing(ALL, 'SELECT 1', redoneFrom(lastDate))).toEqual([]);
    expect(await failing(ALL, 'SELECT 1')).toEqual([]);
  });

  it('catch a session row of a redone partition that its heartbeats, kills or team disagree with', async () => {
    const scope = redoneFrom(lastDate);
    const inLast = `(SELECT session_id FROM sprint_stage.fact_session WHERE partition_date = DATE '${lastDate}' LIMIT 1)`;
    expect(await failing(['activity_matches_heartbeats', 'kills_equal_deaths_in_each_session'], `UPDATE sprint_stage.fact_session SET event_length_seconds = event_length_seconds + 600, kills = kills + 1 WHERE session_id = ${inLast} AND player_id = (SELECT min(player_id) FROM sprint_stage.fact_session WHERE session_id = ${inLast})`, scope)).toEqual([
      'activity_matches_heartbeats',
      'kills_equal_deaths_in_each_session',
    ]);
  });

  it('catch a team of a redone partition that also played an old session', async () => {
    const oldTeam = `(SELECT min(team_id) FROM sprint_stage.fact_session WHERE partition_date < DATE '${lastDate}' - 1)`;
    const breakIt = `UPDATE sprint_stage.fact_session SET team_id = ${oldTeam} WHERE session_id = (SELECT max(session_id) FROM sprint_stage.fact_session WHERE partition_date = DATE '${lastDate}')`;
    expect(await failing(['teams_belong_to_one_session'], breakIt, redoneFrom(lastDate))).toEqual(['teams_belong_to_one_session']);
  });

  it('catch a redone sign-on partition that no longer holds the sign-on of a session kept', async () => {
    // Only the sign-ons were redone: the sessions of that day are checked against them all the same.
    const day = `(SELECT max(calendar_date) FROM sprint_stage.fact_session WHERE partition_date < DATE '${lastDate}')`;
    const breakIt = `DELETE FROM sprint_stage.fact_signon WHERE (player_id, calendar_date) IN (SELECT player_id, calendar_date FROM sprint_stage.fact_session WHERE calendar_date = ${day} LIMIT 1)`;
    const signonDay = String((await connection.runAndReadAll(`SELECT CAST(${day} AS VARCHAR) AS d`)).getRowObjectsJS()[0]!.d);
    expect(await failing(['sessions_follow_a_signon_the_same_day'], breakIt, redoneFrom('9999-12-31', { fact_signon: signonDay }))).toEqual(['sessions_follow_a_signon_the_same_day']);
    // Redone from after that day: the session and its sign-on are the last build's, left to it.
    expect(await failing(['sessions_follow_a_signon_the_same_day'], breakIt, redoneFrom('9999-12-31'))).toEqual([]);
  });

  it('catch an event of a redone partition before its player signed up, and a streak longer than its days', async () => {
    const breakIt = [
      `UPDATE sprint_stage.fact_transaction SET calendar_date = DATE '2000-01-01' WHERE transaction_id = (SELECT min(transaction_id) FROM sprint_stage.fact_transaction WHERE partition_date = (SELECT max(partition_date) FROM sprint_stage.fact_transaction))`,
      `UPDATE sprint_mart.player_consecutive_days_monthly SET max_consecutive_days_played = 40 WHERE player_id = (SELECT min(player_id) FROM sprint_mart.player_consecutive_days_monthly)`,
    ];
    const lastTransactionDay = String((await connection.runAndReadAll('SELECT CAST(max(partition_date) AS VARCHAR) AS d FROM sprint_stage.fact_transaction')).getRowObjectsJS()[0]!.d);
    expect(await failing(['no_event_before_signup', 'streaks_fit_in_their_month'], breakIt, redoneFrom(lastTransactionDay))).toEqual(['no_event_before_signup', 'streaks_fit_in_their_month']);
  });

  it('catch an event before signup of a player whose only redone row it is, whichever fact holds it', async () => {
    for (const fact of ['fact_session', 'fact_signon', 'fact_transaction']) {
      const reader = await connection.runAndReadAll(`SELECT CAST(max(partition_date) AS VARCHAR) AS last FROM sprint_stage.${fact}`);
      const since = String(reader.getRowObjectsJS()[0]!.last);
      // A player with no row from there on in any fact: the narrowed test must still look their signup up.
      const quiet = `(SELECT min(player_id) FROM sprint_dim.dim_players WHERE player_id NOT IN (
        SELECT player_id FROM sprint_stage.fact_session WHERE partition_date >= DATE '${since}'
        UNION ALL SELECT player_id FROM sprint_stage.fact_signon WHERE partition_date >= DATE '${since}'
        UNION ALL SELECT player_id FROM sprint_stage.fact_transaction WHERE partition_date >= DATE '${since}'))`;
      const breakIt = `UPDATE sprint_stage.${fact} SET player_id = ${quiet}, calendar_date = DATE '2000-01-01' WHERE rowid = (SELECT min(rowid) FROM sprint_stage.${fact} WHERE partition_date = DATE '${since}')`;
      expect(await failing(['no_event_before_signup'], breakIt, redoneFrom(since)), fact).toEqual(['no_event_before_signup']);
    }
  });

  it('leave bad rows of old partitions to the build that tested them, which the whole tests still see', async () => {
    const first = `(SELECT min(partition_date) FROM sprint_stage.fact_session)`;
    const breakIt = `UPDATE sprint_stage.fact_session SET kills = kills + 1, event_length_seconds = event_length_seconds + 600 WHERE partition_date = ${first}`;
    const names = ['activity_matches_heartbeats', 'kills_equal_deaths_in_each_session'];
    expect(await failing(names, breakIt, redoneFrom(lastDate))).toEqual([]);
    expect(await failing(names, breakIt)).toEqual(names);
  });

  it('read everything when a model they refer to may have changed anywhere, or when the test itself changed', () => {
    const scope = redoneFrom(lastDate);
    const withoutPlayers = { ...scope, since: new Map([...scope.since].filter(([name]) => name !== 'dim_players')) };
    const test = (narrowing: SingularScope) => singularTests(context, undefined, narrowing).find((candidate) => candidate.name === 'no_event_before_signup')!;
    expect(test(scope).scope).toBe(`partitions from ${lastDate} on`);
    expect(test(scope).sql).toContain(`DATE '${lastDate}'`);
    // dim_players rebuilt: every event is checked against it.
    expect(test(withoutPlayers).scope).toBeUndefined();
    expect(test(withoutPlayers).sql).not.toContain('partition_date >=');
    // dim_players changed although not named by the test: the same.
    expect(test({ ...scope, since: new Map([...scope.since, ['dim_players', lastDate]]) }).scope).toBeUndefined();
    expect(test({ ...scope, unchangedTests: new Set() }).scope).toBeUndefined();
  });
});
