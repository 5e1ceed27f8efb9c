import { FEATURE_TABLE } from './featureSet.js';
import type { ModelName } from './models.js';
import { partSql, type CohortSplit } from './splitCohorts.js';

/** What `npm run propensity` writes back into the warehouse (a rebuild drops them: rerun it). */
export const RESULT_TABLES = {
  scores: 'sprint_mart.propensity_model_scores',
  players: 'sprint_mart.player_purchase_propensity',
  metrics: 'sprint_mart.propensity_model_metrics',
  importance: 'sprint_mart.propensity_feature_importance',
} as const;

export const BASELINE = 'baseline_bought_in_week_one';

export type ScoredModel = ModelName | typeof BASELINE;

/**
 * One row per eligible player with the chosen model's score, its decile within the player's split
 * (10 = the highest-scoring tenth; ties broken by player_id) and a targetable segment.
 */
export function playersTableSql(split: CohortSplit, chosen: ModelName): string {
  return `
  CREATE OR REPLACE TABLE ${RESULT_TABLES.players} AS
  WITH scored AS (
      SELECT
          f.player_id,
          f.signup_date,
          CASE WHEN ${partSql(split, 'f.signup_date')} = 'test' THEN 'test' ELSE 'train' END AS split,
          f.label,
          s.score,
          f.purchases_w1
      FROM ${FEATURE_TABLE} AS f
      INNER JOIN ${RESULT_TABLES.scores} AS s ON s.player_id = f.player_id AND s.model = '${chosen}'
  ),
  deciled AS (
      SELECT *, ntile(10) OVER (PARTITION BY split ORDER BY score, player_id) AS score_decile
      FROM scored
  )
  SELECT
      player_id,
      signup_date,
      split,
      label,
      score,
      CAST(score_decile AS INTEGER) AS score_decile,
      CASE
          WHEN purchases_w1 > 0 THEN 'paid in week one'
          WHEN score_decile >= 9 THEN 'high propensity, not yet paid'
          WHEN score_decile >= 5 THEN 'middle propensity, not yet paid'
          ELSE 'low propensity, not yet paid'
      END AS segment
  FROM deciled
  ORDER BY player_id`;
}

/**
 * Every model's ROC AUC (Mann–Whitney with mean ranks for ties), Brier score, log loss and top-decile
 * lift, on the train split, its validation part and the test split, from the scores as written.
 */
export function metricsTableSql(split: CohortSplit, chosen: ModelName, trainingRows: Readonly<Record<ScoredModel, number>>): string {
  const rowsOf = Object.entries(trainingRows).map(([model, rows]) => `('${model}', ${rows})`).join(', ');
  return `
  CREATE OR REPLACE TABLE ${RESULT_TABLES.metrics} AS
  WITH parts AS (
      SELECT
          player_id,
          signup_date,
          CAST(label AS INTEGER) AS y,
          unnest(CASE ${partSql(split)} WHEN 'test' THEN ['test'] WHEN 'validation' THEN ['train', 'validation'] ELSE ['train'] END) AS part
      FROM ${FEATURE_TABLE}
  ),
  scored AS (
      SELECT s.model, p.part, p.player_id, p.signup_date, p.y, s.score
      FROM parts AS p
      INNER JOIN ${RESULT_TABLES.scores} AS s ON s.player_id = p.player_id
  ),
  ranked AS (
      SELECT
          *,
          rank() OVER (PARTITION BY model, part ORDER BY score) + (count(*) OVER (PARTITION BY model, part, score) - 1) / 2.0 AS mean_rank,
          ntile(10) OVER (PARTITION BY model, part ORDER BY score, player_id) AS decile
      FROM scored
  ),
  measured AS (
      SELECT
          model,
          part,
          count(*) AS players,
          sum(y) AS positives,
          min(signup_date) AS first_signup,
          max(signup_date) AS last_signup,
          (sum(y * mean_rank) - sum(y) * (sum(y) + 1) / 2.0) / (sum(y) * (count(*) - sum(y))) AS roc_auc,
          avg((score - y) * (score - y)) AS brier,
          -avg(y * ln(greatest(score, 1e-15)) + (1 - y) * ln(greatest(1 - score, 1e-15))) AS log_loss,
          avg(y) FILTER (WHERE decile = 10) / avg(y) AS top_decile_lift
      FROM ranked
      GROUP BY model, part
  )
  SELECT
      m.model,
      m.part,
      m.model = '${chosen}' AS chosen,
      t.training_rows,
      m.first_signup,
      m.last_signup,
      m.players,
      CAST(m.positives AS BIGINT) AS positives,
      -- Rounded: DuckDB sums in parallel, so the last bits of a mean could differ from run to run.
      round(m.positives / m.players, 10) AS positive_rate,
      round(m.roc_auc, 10) AS roc_auc,
      round(m.brier, 10) AS brier,
      round(m.log_loss, 10) AS log_loss,
      round(m.top_decile_lift, 10) AS top_decile_lift
  FROM measured AS m
  INNER JOIN (VALUES ${rowsOf}) AS t(model, training_rows) ON t.model = m.model
  ORDER BY m.part, m.model`;
}
