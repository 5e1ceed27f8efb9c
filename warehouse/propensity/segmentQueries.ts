import { RESULT_TABLES } from './resultTables.js';

/**
 * The segments a marketer can act on, read from the written scores of the test cohorts: size,
 * observed conversion in days 7–36 and lift over the cohorts' overall conversion.
 */
export const SEGMENTS_SQL = `
  WITH test AS (
      SELECT * FROM ${RESULT_TABLES.players} WHERE split = 'test'
  )
  SELECT
      segment,
      count(*) AS players,
      round(100.0 * count(*) / (SELECT count(*) FROM test), 1) AS share_pct,
      round(avg(score), 4) AS mean_score,
      count(*) FILTER (WHERE label) AS buyers,
      round(100.0 * avg(CAST(label AS DOUBLE)), 2) AS conversion_pct,
      round(avg(CAST(label AS DOUBLE)) / (SELECT avg(CAST(label AS DOUBLE)) FROM test), 2) AS lift
  FROM test
  GROUP BY segment
  ORDER BY mean_score DESC`;

/** The high-propensity players who have not paid yet, by country and platform (cells of 20 or more). */
export const UNPAID_HIGH_PROPENSITY_SQL = `
  WITH test AS (
      SELECT p.*, d.country, d.platform
      FROM ${RESULT_TABLES.players} AS p
      INNER JOIN sprint_dim.dim_players AS d ON d.player_id = p.player_id
      WHERE p.split = 'test'
  )
  SELECT
      country,
      platform,
      count(*) AS players,
      count(*) FILTER (WHERE label) AS buyers,
      round(100.0 * avg(CAST(label AS DOUBLE)), 2) AS conversion_pct,
      round(avg(CAST(label AS DOUBLE)) / (SELECT avg(CAST(label AS DOUBLE)) FROM test), 2) AS lift
  FROM test
  WHERE segment = 'high propensity, not yet paid'
  GROUP BY country, platform
  HAVING count(*) >= 20
  ORDER BY players DESC, country, platform
  LIMIT 15`;

/**
 * How well the scores recover the simulator's hidden spender segments on the test cohorts. An
 * evaluation only: spender_segment is read here, after scoring, and never by a model.
 */
export const HIDDEN_SEGMENTS_SQL = `
  SELECT
      d.spender_segment,
      count(*) AS players,
      round(avg(p.score), 4) AS mean_score,
      count(*) FILTER (WHERE p.score_decile = 10) AS in_top_decile,
      round(100.0 * count(*) FILTER (WHERE p.score_decile = 10) / count(*), 1) AS pct_in_top_decile,
      round(100.0 * count(*) FILTER (WHERE p.score_decile >= 9) / count(*), 1) AS pct_in_top_two_deciles,
      round(100.0 * avg(CAST(p.label AS DOUBLE)), 2) AS conversion_pct
  FROM ${RESULT_TABLES.players} AS p
  INNER JOIN sprint_dim.dim_players AS d ON d.player_id = p.player_id
  WHERE p.split = 'test'
  GROUP BY d.spender_segment
  ORDER BY mean_score DESC`;

export const METRICS_SQL = `
  SELECT model, part, chosen, training_rows, first_signup, last_signup, players, positives,
         round(roc_auc, 4) AS roc_auc, round(top_decile_lift, 2) AS top_decile_lift,
         round(brier, 5) AS brier, round(log_loss, 4) AS log_loss
  FROM ${RESULT_TABLES.metrics}
  ORDER BY part = 'test' DESC, part, roc_auc DESC`;
