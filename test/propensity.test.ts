import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FEATURES, FEATURE_TABLE, HIDDEN_TRUTHS, NOT_FEATURES, assertNoHiddenTruth } from '../warehouse/propensity/featureSet.js';
import { RESULT_TABLES } from '../warehouse/propensity/resultTables.js';
import { writeReport } from '../warehouse/report/writeReport.js';
import { readTable, rows, withConnection } from './helpers/duckdb.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { build, REPO_ROOT, runCliProcess, select } from './helpers/warehouseBuild.js';

// Purchase propensity end to end on a small real world: lake written by worker threads, warehouse
// built by the real build, `npm run propensity` run as a real process, twice. The checks hold the
// written results to the lake itself (labels recomputed from its Parquet, AUC computed here by
// comparing every buyer with every non-buyer), so a metrics table that disagrees with its own
// scores, a label off by a day, or a renewal counted as a purchase fails.

const WORLD = { players: 6000, days: 75, blockSize: 2000, heartbeats: 'none', seed: 'propensity' } as const;
const START = '2025-01-01';

let dir: string;
let lake: string;
let db: string;
let again: string;
let firstRun: ReturnType<typeof runCliProcess>;
let secondRun: ReturnType<typeof runCliProcess>;

beforeAll(async () => {
  dir = temporaryFolder('propensity');
  lake = path.join(dir, 'lake');
  db = path.join(dir, 'warehouse.duckdb');
  again = path.join(dir, 'again.duckdb');
  await simulate(lake, WORLD);
  await build(lake, db);
  copyFileSync(db, again);
  firstRun = runCliProcess('cli/propensity.ts', ['--db', db]);
  secondRun = runCliProcess('cli/propensity.ts', ['--db', again]);
}, 300_000);

afterAll(() => removeFolder(dir));

/** Each player's label straight from the lake: a non-renewal purchase on UTC days signup+7 … signup+36. */
async function labelsFromLake(): Promise<Map<number, boolean>> {
  return withConnection(async (connection) => {
    const result = await rows(
      connection,
      `SELECT p.player_id, bool_or(t.player_id IS NOT NULL) AS bought
       FROM ${readTable(lake, 'players')} AS p
       LEFT JOIN ${readTable(lake, 'transactions')} AS t
         ON t.player_id = p.player_id AND NOT t.is_renewal
        AND CAST(t.event_datetime AS DATE) BETWEEN p.signup_date + 7 AND p.signup_date + 36
       WHERE p.signup_date <= DATE '${START}' + ${WORLD.days - 1} - 37
       GROUP BY p.player_id`,
    );
    return new Map(result.map((row) => [Number(row.player_id), row.bought === true]));
  });
}

/** The chance that a random buyer outscores a random non-buyer, ties half: every pair, no ranks. */
function pairwiseAuc(scored: readonly { score: number; label: boolean }[]): number {
  const buyers = scored.filter((row) => row.label).map((row) => row.score);
  const others = scored.filter((row) => !row.label).map((row) => row.score);
  let wins = 0;
  for (const b of buyers) for (const o of others) wins += b > o ? 1 : b === o ? 0.5 : 0;
  return wins / (buyers.length * others.length);
}

describe('npm run propensity', () => {
  it('runs as a command, prints the metrics and chooses a model', () => {
    expect(firstRun.stderr).toBe('');
    expect(firstRun.status).toBe(0);
    expect(firstRun.stdout).toMatch(/tested on \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);
    expect(firstRun.stdout).toMatch(/logistic_regression\s+\*?\s*test/);
    expect(firstRun.stdout).toContain('random_forest');
    expect(firstRun.stdout).toContain('baseline_bought_in_week_one');
  });

  it('scores every eligible player once, with labels the lake agrees with', async () => {
    const fromLake = await labelsFromLake();
    const written = await select(db, `SELECT player_id, label, score, score_decile FROM ${RESULT_TABLES.players} ORDER BY player_id`);
    expect(written.length).toBe(fromLake.size);
    expect(written.length).toBeGreaterThan(2000);
    const buyers = [...fromLake.values()].filter(Boolean).length;
    expect(buyers).toBeGreaterThan(20);
    for (const row of written) {
      expect(row.label, `player ${row.player_id}`).toBe(fromLake.get(Number(row.player_id)));
      expect(Number(row.score)).toBeGreaterThanOrEqual(0);
      expect(Number(row.score)).toBeLessThanOrEqual(1);
      expect(Number(row.score_decile)).toBeGreaterThanOrEqual(1);
      expect(Number(row.score_decile)).toBeLessThanOrEqual(10);
    }
  });

  it('writes metrics that agree with an AUC and a Brier score computed here from the scores and the lake', async () => {
    const fromLake = await labelsFromLake();
    const [chosen] = await select(db, `SELECT * FROM ${RESULT_TABLES.metrics} WHERE chosen AND part = 'test'`);
    const test = (await select(db, `SELECT player_id, score FROM ${RESULT_TABLES.players} WHERE split = 'test'`)).map((row) => ({
      score: Number(row.score),
      label: fromLake.get(Number(row.player_id))!,
    }));
    expect(Number(chosen!.players)).toBe(test.length);
    expect(Number(chosen!.positives)).toBe(test.filter((row) => row.label).length);
    expect(Number(chosen!.roc_auc)).toBeCloseTo(pairwiseAuc(test), 9);
    expect(Number(chosen!.roc_auc)).not.toBe(0.5);
    const brier = test.reduce((sum, row) => sum + (row.score - Number(row.label)) ** 2, 0) / test.length;
    expect(Number(chosen!.brier)).toBeCloseTo(brier, 9);
    // Every model, every part, is measured; the learners rank better than chance on the test cohorts.
    const metrics = await select(db, `SELECT model, part, roc_auc FROM ${RESULT_TABLES.metrics} ORDER BY model, part`);
    expect(metrics.map((row) => `${row.model}/${row.part}`)).toEqual(
      ['baseline_bought_in_week_one', 'logistic_regression', 'random_forest'].flatMap((model) => ['test', 'train', 'validation'].map((part) => `${model}/${part}`)),
    );
    for (const row of metrics.filter((metric) => metric.part === 'test' && metric.model !== 'baseline_bought_in_week_one')) {
      expect(Number(row.roc_auc), String(row.model)).toBeGreaterThan(0.6);
    }
  });

  it('splits by time: the test cohorts are the latest fifth of sign-ups, in whole days', async () => {
    const [bounds] = await select(
      db,
      `SELECT max(signup_date) FILTER (WHERE split = 'train') < min(signup_date) FILTER (WHERE split = 'test') AS ordered,
              avg(CAST(split = 'test' AS DOUBLE)) AS test_share,
              count(*) FILTER (WHERE split = 'test' AND signup_date = (SELECT min(signup_date) FROM ${RESULT_TABLES.players} WHERE split = 'test')) / count(*) AS first_day_share
       FROM ${RESULT_TABLES.players}`,
    );
    expect(bounds!.ordered).toBe(true);
    // At least a fifth, and no more than a fifth plus the one signup day the cut falls on.
    expect(Number(bounds!.test_share)).toBeGreaterThanOrEqual(0.2);
    expect(Number(bounds!.test_share)).toBeLessThanOrEqual(0.2 + Number(bounds!.first_day_share));
    const parts = await select(db, `SELECT part, first_signup, last_signup FROM ${RESULT_TABLES.metrics} WHERE model = 'logistic_regression' ORDER BY first_signup`);
    expect(parts.map((row) => row.part)).toEqual(['train', 'validation', 'test']);
    expect(String(parts[1]!.first_signup) > String(parts[0]!.first_signup)).toBe(true);
    expect(String(parts[2]!.first_signup) > String(parts[1]!.last_signup)).toBe(true);
  });

  it('never gives a model a hidden truth of the simulator', async () => {
    // The list the models are fed from, the guard itself, the feature table and the model's SQL.
    expect(FEATURES.filter((feature) => HIDDEN_TRUTHS.some((hidden) => feature.includes(hidden)))).toEqual([]);
    expect(() => assertNoHiddenTruth([...FEATURES, 'spender_segment'])).toThrow(/spender_segment/);
    expect(() => assertNoHiddenTruth([...FEATURES, 'gamertag'])).toThrow(/gamertag/);
    // The profile columns are inputs; the gamertag, an identifier, is not.
    expect(FEATURES).toEqual(expect.arrayContaining(['language', 'age_band', 'device', 'acquisition_channel', 'marketing_opt_in']));
    expect(FEATURES.filter((feature) => NOT_FEATURES.some((never) => feature.includes(never)))).toEqual([]);
    const columns = (await select(db, `SELECT column_name FROM duckdb_columns() WHERE schema_name || '.' || table_name = '${FEATURE_TABLE}'`)).map((row) => String(row.column_name));
    expect(columns).toEqual(expect.arrayContaining([...FEATURES]));
    for (const hidden of [...HIDDEN_TRUTHS, ...NOT_FEATURES]) expect(columns.filter((column) => column.includes(hidden))).toEqual([]);
    const sql = readFileSync(path.join(REPO_ROOT, 'warehouse/models/sprint_mart/player_propensity_features.sql'), 'utf8');
    for (const hidden of HIDDEN_TRUTHS) expect(sql).not.toContain(hidden);
    // The model's header may say the gamertag is left out; no line of its SELECT reads it.
    expect(sql.split('\n').filter((line) => !line.startsWith('--') && line.includes('gamertag'))).toEqual([]);
  });

  it('gives the same scores, metrics and importance from the same warehouse twice', async () => {
    expect(secondRun.status).toBe(0);
    for (const table of Object.values(RESULT_TABLES)) {
      const content = async (file: string) => select(file, `SELECT count(*) AS n, sum(hash(t)::HUGEINT) AS h FROM ${table} AS t`);
      expect(await content(again), table).toEqual(await content(db));
    }
    expect(secondRun.stdout.replace(/done in .*/, '')).toBe(firstRun.stdout.replace(/done in .*/, ''));
  });

  it('shows its charts and tables in the report, every column documented', async () => {
    const summary = await writeReport({ db, out: path.join(dir, 'report'), runTests: false });
    expect(summary.chartWarnings).toEqual([]);
    expect(summary.undocumentedColumns).toBe(0);
    const page = readFileSync(summary.indexPath, 'utf8');
    const missing = ['propensity-roc', 'propensity-lift', 'propensity-calibration', 'propensity-importance', 'propensity-metrics', 'propensity-segments', 'propensity-hidden-segments'].filter(
      (id) => !page.includes(`id="${id}"`),
    );
    expect(missing).toEqual([]);
    // The hidden-segment table shows the SQL that joins the truth in after scoring.
    expect(page.includes('INNER JOIN sprint_dim.dim_players AS d ON d.player_id = p.player_id')).toBe(true);
  });

  it('refuses a warehouse that does not exist in one line, exit 2', () => {
    const result = runCliProcess('cli/propensity.ts', ['--db', path.join(dir, 'missing.duckdb')]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/no warehouse at .*missing\.duckdb/);
  });
});

describe('is_renewal in transactions/', () => {
  it('is false for every purchase and a battle pass first billing, true for each billing after it', async () => {
    await withConnection(async (connection) => {
      const [check] = await rows(
        connection,
        `WITH t AS (
             SELECT player_id, event_datetime, transaction_type, is_renewal,
                    row_number() OVER (PARTITION BY player_id, transaction_type = 'BattlePass' ORDER BY event_datetime) AS nth
             FROM ${readTable(lake, 'transactions')}
         )
         SELECT
             count(*) FILTER (WHERE transaction_type <> 'BattlePass' AND is_renewal) AS renewed_items,
             count(*) FILTER (WHERE transaction_type = 'BattlePass' AND is_renewal <> (nth > 1)) AS misflagged_passes,
             count(*) FILTER (WHERE is_renewal IS NULL) AS nulls,
             count(*) FILTER (WHERE is_renewal) AS renewals,
             count(*) FILTER (WHERE transaction_type = 'BattlePass' AND NOT is_renewal) AS first_passes
         FROM t`,
      );
      expect(check).toMatchObject({ renewed_items: 0n, misflagged_passes: 0n, nulls: 0n });
      expect(Number(check!.renewals)).toBeGreaterThan(0);
      expect(Number(check!.first_passes)).toBeGreaterThan(0);
    });
  });
});
