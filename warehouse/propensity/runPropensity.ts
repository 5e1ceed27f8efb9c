import fs from 'node:fs';
import seedrandom from 'seedrandom';
import type { DuckDBConnection } from '@duckdb/node-api';
import { SprintError, UsageError } from '../../common/errors.js';
import { openWarehouse, queryNumber, queryRows, type Row } from '../connection.js';
import { lockWarehouse } from '../warehouseLock.js';
import { fitEncoder, type FeatureRow } from './designMatrix.js';
import { assertNoHiddenTruth, FEATURE_TABLE, FEATURES } from './featureSet.js';
import { DEFAULT_MODEL_SETTINGS, trainLogisticRegression, trainRandomForest, type ModelName, type ModelSettings, type TrainedModel } from './models.js';
import { BASELINE, metricsTableSql, playersTableSql, RESULT_TABLES, type ScoredModel } from './resultTables.js';
import { logLoss } from './logLoss.js';
import { rocAuc } from './rocAuc.js';
import { SEGMENTS_SQL } from './segmentQueries.js';
import { partSql, splitCohorts, type CohortSplit } from './splitCohorts.js';
import { DEFAULT_SAMPLING, readTrainingSamples, SAMPLE_POSITION_SQL, type SamplingLimits } from './trainingSample.js';

export interface PropensityOptions {
  db: string;
  sampling?: SamplingLimits;
  models?: ModelSettings;
  /** Validation players used to choose the model and to measure feature importance (a hashed sample beyond it). */
  validationRows?: number;
  /** Players scored per page: memory holds one page of features, whatever the warehouse's size. */
  pageRows?: number;
}

export interface PropensitySummary {
  split: CohortSplit;
  chosen: ModelName;
  validationAuc: Record<ScoredModel, number>;
  validationLogLoss: Record<ScoredModel, number>;
  trainingRows: Record<ScoredModel, number>;
  metrics: Row[];
  importance: Row[];
  /** The test cohorts by segment (SEGMENTS_SQL). */
  segments: Row[];
  seconds: number;
}

const DEFAULT_VALIDATION_ROWS = 20_000;
const DEFAULT_PAGE_ROWS = 20_000;

interface Scorer {
  name: ScoredModel;
  score(rows: readonly FeatureRow[]): number[];
}

/**
 * `npm run propensity`: fits the models on the earliest cohorts, chooses one on the validation
 * cohorts, scores every eligible player and writes the scores, metrics and feature importance
 * back to sprint_mart. The same warehouse gives the same tables on every run: samples are hashed
 * from player ids, the forest is seeded, and rows are read in player order.
 */
export async function runPropensity(options: PropensityOptions): Promise<PropensitySummary> {
  const started = performance.now();
  const sampling = options.sampling ?? DEFAULT_SAMPLING;
  const settings = options.models ?? DEFAULT_MODEL_SETTINGS;
  assertNoHiddenTruth(FEATURES);
  if (!fs.existsSync(options.db)) {
    throw new UsageError(`no warehouse at ${options.db}; build it with \`npm run build-warehouse -- --db ${options.db}\` or pass --db`);
  }
  if (!fs.statSync(options.db).isFile()) throw new UsageError(`--db ${options.db} is a folder; pass the warehouse file (e.g. data/warehouse.duckdb)`);
  // A build finishing meanwhile would rename its copy over the file and drop what this writes.
  const release = await lockWarehouse(options.db);
  const warehouse = await openWarehouse(options.db).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  try {
    const { connection } = warehouse;
    const present = await queryNumber(
      connection,
      `SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name || '.' || table_name = '${FEATURE_TABLE}'`,
    );
    if (present === 0) {
      throw new SprintError(`${options.db} has no ${FEATURE_TABLE}; rebuild it with \`npm run build-warehouse -- --db ${options.db}\``);
    }
    const split = await splitCohorts(connection);
    const samples = await readTrainingSamples(connection, split, sampling);
    if (samples.fitPositives === 0 || samples.fitPositives === samples.fitPlayers) {
      throw new SprintError(`the fitting cohorts (${split.firstSignup} to before ${split.validationFrom}) hold ${samples.fitPositives} buyers among ${samples.fitPlayers} players; a model needs both`);
    }

    const encoder = fitEncoder(samples.logistic.rows);
    const models: TrainedModel[] = [
      trainLogisticRegression({ ...samples.logistic, encoder }, settings),
      trainRandomForest({ ...samples.forest, encoder }, settings),
    ];
    const scorers: Scorer[] = [await baseline(connection, split), ...models];
    const trainingRows: Record<ScoredModel, number> = {
      [BASELINE]: samples.fitPlayers,
      logistic_regression: samples.logistic.rows.length,
      random_forest: samples.forest.rows.length,
    };

    const validation = await readValidation(connection, split, options.validationRows ?? DEFAULT_VALIDATION_ROWS);
    const validationScores = new Map(scorers.map((scorer) => [scorer.name, scorer.score(validation.rows)]));
    const measure = (metric: (scores: readonly number[], labels: readonly number[]) => number) =>
      Object.fromEntries(scorers.map((scorer) => [scorer.name, metric(validationScores.get(scorer.name)!, validation.labels)])) as Record<ScoredModel, number>;
    const validationAuc = measure(rocAuc);
    const validationLogLoss = measure(logLoss);
    // The learner with the lowest log loss on the validation cohorts; the test cohorts play no part.
    // Log loss rather than ROC AUC: a proper score of the whole probability, it is steadier than a
    // ranking measured on the hundred-odd buyers of a validation part.
    const chosen = models.reduce((best, model) => (validationLogLoss[model.name] < validationLogLoss[best.name] ? model : best)).name;

    await connection.run('BEGIN TRANSACTION');
    try {
      await writeScores(connection, scorers, options.pageRows ?? DEFAULT_PAGE_ROWS);
      await connection.run(playersTableSql(split, chosen));
      await connection.run(metricsTableSql(split, chosen, trainingRows));
      await writeImportance(connection, models, validation.rows, validation.labels, settings.seed);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
    const metrics = await queryRows(connection, `SELECT * FROM ${RESULT_TABLES.metrics} ORDER BY part, model`);
    const importance = await queryRows(connection, `SELECT * FROM ${RESULT_TABLES.importance} WHERE model = '${chosen}' ORDER BY rank`);
    const segments = await queryRows(connection, SEGMENTS_SQL);
    return { split, chosen, validationAuc, validationLogLoss, trainingRows, metrics, importance, segments, seconds: (performance.now() - started) / 1000 };
  } finally {
    warehouse.close();
    await release();
  }
}

/** The one-rule baseline, "bought in week one", scored as each group's conversion on the fitting cohorts. */
async function baseline(connection: DuckDBConnection, split: CohortSplit): Promise<Scorer> {
  const groups = await queryRows(
    connection,
    `SELECT purchases_w1 > 0 AS paid, avg(CAST(label AS DOUBLE)) AS rate FROM ${FEATURE_TABLE} WHERE ${partSql(split)} = 'fit' GROUP BY ALL`,
  );
  const rate = (paid: boolean) => Number(groups.find((group) => group.paid === paid)?.rate ?? 0);
  const paid = rate(true);
  const unpaid = rate(false);
  return { name: BASELINE, score: (rows) => rows.map((row) => (Number(row.purchases_w1) > 0 ? paid : unpaid)) };
}

async function readValidation(connection: DuckDBConnection, split: CohortSplit, limit: number): Promise<{ rows: FeatureRow[]; labels: number[] }> {
  const players = await queryNumber(connection, `SELECT count(*) FROM ${FEATURE_TABLE} WHERE ${partSql(split)} = 'validation'`);
  const share = players === 0 ? 1 : Math.min(1, limit / players);
  const rows = await queryRows(
    connection,
    `SELECT ${FEATURES.join(', ')}, label FROM ${FEATURE_TABLE}
     WHERE ${partSql(split)} = 'validation' AND ${SAMPLE_POSITION_SQL} < ${share}
     ORDER BY player_id`,
  );
  return { rows, labels: rows.map((row) => (row.label === true ? 1 : 0)) };
}

/**
 * Every model's score for every eligible player, a page of player ids at a time. Pages are ranges
 * of ids, not OFFSET/LIMIT: the feature table is stored in player order, so DuckDB's row-group
 * statistics skip straight to a range and a page costs the same at the end of 20 million players
 * as at the start.
 */
async function writeScores(connection: DuckDBConnection, scorers: readonly Scorer[], pageRows: number): Promise<void> {
  await connection.run(`CREATE OR REPLACE TABLE ${RESULT_TABLES.scores} (player_id BIGINT NOT NULL, model VARCHAR NOT NULL, score DOUBLE NOT NULL)`);
  const [schema, table] = RESULT_TABLES.scores.split('.') as [string, string];
  const lastId = await queryNumber(connection, `SELECT max(player_id) FROM ${FEATURE_TABLE}`);
  const appender = await connection.createAppender(table, schema);
  for (let from = 0; from <= lastId; from += pageRows) {
    const page = await queryRows(
      connection,
      `SELECT player_id, ${FEATURES.join(', ')} FROM ${FEATURE_TABLE} WHERE player_id >= ${from} AND player_id < ${from + pageRows} ORDER BY player_id`,
    );
    if (page.length === 0) continue;
    const scored = scorers.map((scorer) => [scorer.name, scorer.score(page)] as const);
    page.forEach((row, i) => {
      for (const [name, scores] of scored) {
        appender.appendBigInt(BigInt(String(row.player_id)));
        appender.appendVarchar(name);
        appender.appendDouble(scores[i]!);
        appender.endRow();
      }
    });
  }
  appender.closeSync();
}

/**
 * Permutation importance on the validation cohorts: how much a model's ROC AUC falls when one
 * feature's values are shuffled among the players. It reads the same for a linear model and a
 * forest, unlike coefficients or split gains.
 */
async function writeImportance(connection: DuckDBConnection, models: readonly TrainedModel[], rows: readonly FeatureRow[], labels: readonly number[], seed: number): Promise<void> {
  const values: string[] = [];
  for (const model of models) {
    const base = rocAuc(model.score(rows), labels);
    const drops = FEATURES.map((feature) => {
      const random = seedrandom(`${seed}:${feature}`);
      const order = rows.map((_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const shuffled = rows.map((row, i) => ({ ...row, [feature]: rows[order[i]!]![feature]! }));
      return { feature, drop: base - rocAuc(model.score(shuffled), labels) };
    });
    drops.sort((a, b) => b.drop - a.drop || a.feature.localeCompare(b.feature));
    drops.forEach(({ feature, drop }, rank) => values.push(`('${model.name}', '${feature}', ${Number.isFinite(drop) ? drop : 'NULL'}, ${rank + 1})`));
  }
  await connection.run(`CREATE OR REPLACE TABLE ${RESULT_TABLES.importance} (model VARCHAR, feature VARCHAR, auc_drop DOUBLE, rank INTEGER)`);
  await connection.run(`INSERT INTO ${RESULT_TABLES.importance} VALUES ${values.join(', ')}`);
}
