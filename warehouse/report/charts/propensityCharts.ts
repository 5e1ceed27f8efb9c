import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../../connection.js';
import { RESULT_TABLES } from '../../propensity/resultTables.js';
import { CHART_WIDTH, toNumber, vegaLiteChart } from './chart.js';
import type { ReportChart } from './chart.js';

/** ROC points of every model on the test cohorts, thinned to one per 0.005 of false-positive rate. */
const ROC_SQL = `
  WITH test AS (
      SELECT s.model, s.score, CAST(p.label AS INTEGER) AS y
      FROM ${RESULT_TABLES.scores} AS s
      INNER JOIN ${RESULT_TABLES.players} AS p ON p.player_id = s.player_id
      WHERE p.split = 'test'
  ),
  by_score AS (
      SELECT model, score, sum(y) AS positives, count(*) - sum(y) AS negatives
      FROM test
      GROUP BY model, score
  ),
  curve AS (
      -- Walking down the scores: everyone at or above a score is called a buyer.
      SELECT
          model,
          sum(negatives) OVER (PARTITION BY model ORDER BY score DESC) / sum(negatives) OVER (PARTITION BY model) AS false_positive_rate,
          sum(positives) OVER (PARTITION BY model ORDER BY score DESC) / sum(positives) OVER (PARTITION BY model) AS true_positive_rate
      FROM by_score
  )
  SELECT model, 0.0 AS false_positive_rate, 0.0 AS true_positive_rate FROM (SELECT DISTINCT model FROM test)
  UNION ALL
  SELECT model, round(false_positive_rate / 0.005) * 0.005, max(true_positive_rate)
  FROM curve
  GROUP BY model, round(false_positive_rate / 0.005)
  ORDER BY model, false_positive_rate`;

/** Conversion per score decile of the chosen model on the test cohorts, against the cohorts' overall rate. */
const DECILES_SQL = `
  SELECT
      score_decile,
      count(*) AS players,
      count(*) FILTER (WHERE label) AS buyers,
      avg(CAST(label AS DOUBLE)) AS conversion,
      avg(score) AS mean_score,
      avg(CAST(label AS DOUBLE)) / (SELECT avg(CAST(label AS DOUBLE)) FROM ${RESULT_TABLES.players} WHERE split = 'test') AS lift
  FROM ${RESULT_TABLES.players}
  WHERE split = 'test'
  GROUP BY score_decile
  ORDER BY score_decile`;

const IMPORTANCE_SQL = `
  -- written by \`npm run propensity\`: ROC AUC lost on the validation cohorts when the feature is shuffled
  SELECT model, feature, auc_drop, rank
  FROM ${RESULT_TABLES.importance}
  ORDER BY model, rank`;

export async function propensityCharts(connection: DuckDBConnection): Promise<ReportChart[]> {
  return [await rocChart(connection), ...(await decileCharts(connection)), await importanceChart(connection)];
}

async function rocChart(connection: DuckDBConnection): Promise<ReportChart> {
  const rows = (await queryRows(connection, ROC_SQL)).map((row) => ({
    model: String(row.model),
    false_positive_rate: toNumber(row.false_positive_rate),
    true_positive_rate: toNumber(row.true_positive_rate),
  }));
  const chance = [
    { false_positive_rate: 0, true_positive_rate: 0 },
    { false_positive_rate: 1, true_positive_rate: 1 },
  ];
  return vegaLiteChart({
    id: 'propensity-roc',
    title: 'ROC curve on the test cohorts',
    caption: 'Share of the buyers found (true-positive rate) against the share of non-buyers flagged, as the score threshold falls; the grey diagonal is guessing.',
    sql: ROC_SQL,
    rows,
    vegaLite: {
      width: 420,
      height: 420,
      layer: [
        {
          data: { values: chance },
          mark: { type: 'line', color: '#bbb', strokeDash: [4, 4] },
          encoding: {
            x: { field: 'false_positive_rate', type: 'quantitative' },
            y: { field: 'true_positive_rate', type: 'quantitative' },
          },
        },
        {
          data: { values: rows },
          mark: { type: 'line', strokeWidth: 2 },
          encoding: {
            x: { field: 'false_positive_rate', type: 'quantitative', title: 'false-positive rate', scale: { domain: [0, 1] } },
            y: { field: 'true_positive_rate', type: 'quantitative', title: 'true-positive rate', scale: { domain: [0, 1] } },
            color: { field: 'model', type: 'nominal', title: null, legend: { orient: 'bottom-right', labelLimit: 240 } },
            tooltip: [
              { field: 'model', type: 'nominal' },
              { field: 'false_positive_rate', type: 'quantitative', format: '.3f' },
              { field: 'true_positive_rate', type: 'quantitative', format: '.3f' },
            ],
          },
        },
      ],
    },
  });
}

async function decileCharts(connection: DuckDBConnection): Promise<ReportChart[]> {
  const rows = (await queryRows(connection, DECILES_SQL)).map((row) => ({
    score_decile: toNumber(row.score_decile),
    players: toNumber(row.players),
    buyers: toNumber(row.buyers),
    conversion: toNumber(row.conversion),
    mean_score: toNumber(row.mean_score),
    lift: toNumber(row.lift),
  }));
  const decile = { field: 'score_decile', type: 'ordinal', title: 'score decile (10 = highest scores)' } as const;
  const lift = vegaLiteChart({
    id: 'propensity-lift',
    title: 'Lift by score decile',
    caption: 'Conversion in days 7–36 of each tenth of the test cohorts, ranked by the chosen model, over the cohorts’ overall conversion (1× = no better than random).',
    sql: DECILES_SQL,
    rows,
    vegaLite: {
      width: CHART_WIDTH,
      height: 220,
      data: { values: rows },
      layer: [
        {
          mark: { type: 'bar', color: '#4c78a8' },
          encoding: {
            x: decile,
            y: { field: 'lift', type: 'quantitative', title: 'lift (×)' },
            tooltip: [
              decile,
              { field: 'players', type: 'quantitative', format: ',' },
              { field: 'buyers', type: 'quantitative', format: ',' },
              { field: 'conversion', type: 'quantitative', format: '.2%' },
              { field: 'lift', type: 'quantitative', format: '.2f' },
            ],
          },
        },
        { mark: { type: 'rule', color: '#e45756', strokeDash: [4, 4] }, encoding: { y: { datum: 1 } } },
      ],
    },
  });
  const calibration = vegaLiteChart({
    id: 'propensity-calibration',
    title: 'Calibration by score decile',
    caption: 'Mean predicted probability against the observed conversion of each decile of the test cohorts; a calibrated model sits on the diagonal.',
    sql: DECILES_SQL,
    rows,
    vegaLite: {
      width: 420,
      height: 420,
      layer: [
        {
          data: { values: [{ p: 0 }, { p: Math.max(0.01, ...rows.map((row) => Math.max(row.mean_score, row.conversion))) }] },
          mark: { type: 'line', color: '#bbb', strokeDash: [4, 4] },
          encoding: { x: { field: 'p', type: 'quantitative' }, y: { field: 'p', type: 'quantitative' } },
        },
        {
          data: { values: rows },
          mark: { type: 'line', point: true, color: '#4c78a8' },
          encoding: {
            x: { field: 'mean_score', type: 'quantitative', title: 'mean predicted probability', axis: { format: '.1%' } },
            y: { field: 'conversion', type: 'quantitative', title: 'observed conversion', axis: { format: '.1%' } },
            tooltip: [
              decile,
              { field: 'mean_score', type: 'quantitative', format: '.3%' },
              { field: 'conversion', type: 'quantitative', format: '.3%' },
              { field: 'players', type: 'quantitative', format: ',' },
            ],
          },
        },
      ],
    },
  });
  return [lift, calibration];
}

async function importanceChart(connection: DuckDBConnection): Promise<ReportChart> {
  const rows = (await queryRows(connection, IMPORTANCE_SQL)).map((row) => ({
    model: String(row.model),
    feature: String(row.feature),
    auc_drop: toNumber(row.auc_drop),
  }));
  return vegaLiteChart({
    id: 'propensity-importance',
    title: 'Feature importance',
    caption: 'Permutation importance: how much each model’s ROC AUC on the validation cohorts falls when one feature is shuffled among the players.',
    sql: IMPORTANCE_SQL,
    rows,
    vegaLite: {
      width: 340,
      height: { step: 14 },
      data: { values: rows },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'feature', type: 'nominal', sort: '-x', title: null },
        x: { field: 'auc_drop', type: 'quantitative', title: 'ROC AUC lost' },
        color: { field: 'model', type: 'nominal', legend: null },
        column: { field: 'model', type: 'nominal', title: null },
        tooltip: [
          { field: 'model', type: 'nominal' },
          { field: 'feature', type: 'nominal' },
          { field: 'auc_drop', type: 'quantitative', format: '.4f' },
        ],
      },
    },
  });
}
