import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../../connection.js';
import type { Row } from '../../connection.js';
import { findQuestion } from '../../questions/catalog.js';
import { runQuestion } from '../runQuestion.js';
import { CHART_WIDTH, tidySql, toNumber, vegaLiteChart } from './chart.js';
import type { ReportChart } from './chart.js';

/**
 * DAU/WAU/MAU and new players come straight from the answer to CONTRACT §3 question 7, so the chart
 * and the answer can never disagree. One row per day: 730 rows for the full two years.
 */
export async function activityCharts(connection: DuckDBConnection): Promise<ReportChart[]> {
  const question = findQuestion('active-players')!;
  const kpis = await runQuestion(connection, question, {});
  const days = kpis.map((row: Row) => ({
    calendar_date: row.calendar_date,
    DAU: toNumber(row.dau),
    WAU: toNumber(row.wau),
    MAU: toNumber(row.mau),
    new_players: toNumber(row.new_players),
  }));
  const sql = `-- CONTRACT §3 question 7, as \`npm run query -- active-players\` asks it ($from and $to unset)\n${tidySql(question.sql)}`;
  const date = { field: 'calendar_date', type: 'temporal', timeUnit: 'utcyearmonthdate', title: null } as const;
  return [
    vegaLiteChart({
      id: 'active-players',
      title: 'Daily, weekly and monthly active players',
      caption: 'Players who signed on that day (DAU), in the trailing 7 days (WAU) and in the trailing 30 days (MAU).',
      sql,
      rows: days,
      vegaLite: {
        width: CHART_WIDTH,
        height: 260,
        data: { values: days },
        transform: [{ fold: ['MAU', 'WAU', 'DAU'], as: ['measure', 'players'] }],
        mark: { type: 'line', strokeWidth: 2, interpolate: 'monotone' },
        encoding: {
          x: date,
          y: { field: 'players', type: 'quantitative', title: 'players' },
          color: { field: 'measure', type: 'nominal', sort: ['MAU', 'WAU', 'DAU'], title: null, legend: { orient: 'top-left' } },
          tooltip: [
            { ...date, title: 'day' },
            { field: 'measure', type: 'nominal' },
            { field: 'players', type: 'quantitative', format: ',' },
          ],
        },
      },
    }),
    vegaLiteChart({
      id: 'new-players',
      title: 'New players per day',
      caption: 'Players who signed up that day: the launch spike, the season bumps and the weekend rhythm of the acquisition model.',
      sql,
      rows: days,
      vegaLite: {
        width: CHART_WIDTH,
        height: 200,
        data: { values: days },
        mark: { type: 'bar', color: '#4c78a8' },
        encoding: {
          x: { ...date, bandPosition: 0 },
          y: { field: 'new_players', type: 'quantitative', title: 'new players' },
          tooltip: [
            { ...date, title: 'day' },
            { field: 'new_players', type: 'quantitative', title: 'new players', format: ',' },
          ],
        },
      },
    }),
    await retentionChart(connection),
  ];
}

const RETENTION_SQL = `
  SELECT signup_week, cohort_players, retained_on, retention, retained_players, eligible_players
  FROM (
      SELECT signup_week, cohort_players, 'day 1' AS retained_on, d1_retention AS retention,
             d1_retained_players AS retained_players, d1_eligible_players AS eligible_players
      FROM sprint_mart.retention_cohorts
      UNION ALL
      SELECT signup_week, cohort_players, 'day 7', d7_retention, d7_retained_players, d7_eligible_players
      FROM sprint_mart.retention_cohorts
      UNION ALL
      SELECT signup_week, cohort_players, 'day 30', d30_retention, d30_retained_players, d30_eligible_players
      FROM sprint_mart.retention_cohorts
  )
  WHERE eligible_players > 0
  ORDER BY signup_week, retained_on`;

async function retentionChart(connection: DuckDBConnection): Promise<ReportChart> {
  const rows = (await queryRows(connection, RETENTION_SQL)).map((row) => ({
    signup_week: row.signup_week,
    retained_on: row.retained_on,
    retention: toNumber(row.retention),
    retained_players: toNumber(row.retained_players),
    eligible_players: toNumber(row.eligible_players),
    cohort_players: toNumber(row.cohort_players),
  }));
  const weeks = new Set(rows.map((row) => row.signup_week)).size;
  const week = { field: 'signup_week', type: 'ordinal', timeUnit: 'utcyearmonthdate', title: 'signup week (Monday)' } as const;
  return vegaLiteChart({
    id: 'retention-cohorts',
    title: 'Retention by signup week',
    caption:
      'Share of each week’s new players who signed on again exactly 1, 7 and 30 days after signing up. ' +
      'A blank cell is a day that lies beyond the data for that cohort, not churn.',
    sql: RETENTION_SQL,
    rows,
    vegaLite: {
      width: CHART_WIDTH,
      height: 120,
      data: { values: rows },
      encoding: {
        x: { ...week, axis: { format: '%b %d, %Y', labelAngle: -40, labelOverlap: 'greedy' } },
        // All three rows always, so a day that no cohort has reached yet shows as an empty row.
        y: { field: 'retained_on', type: 'ordinal', sort: ['day 1', 'day 7', 'day 30'], scale: { domain: ['day 1', 'day 7', 'day 30'] }, title: null },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
          encoding: {
            color: { field: 'retention', type: 'quantitative', title: 'retained', scale: { scheme: 'blues', domain: [0, 1] }, legend: { format: '.0%' } },
            tooltip: [
              { ...week, title: 'signup week' },
              { field: 'retained_on', type: 'nominal', title: 'signed on again on' },
              { field: 'retention', type: 'quantitative', title: 'retained', format: '.1%' },
              { field: 'retained_players', type: 'quantitative', title: 'players retained', format: ',' },
              { field: 'eligible_players', type: 'quantitative', title: 'players whose day is in the data', format: ',' },
            ],
          },
        },
        // Percentages inside the cells only while they fit; the tooltip carries them otherwise.
        ...(weeks <= 16
          ? [{
              mark: { type: 'text', fontSize: 11 } as const,
              encoding: {
                text: { field: 'retention', type: 'quantitative', format: '.0%' } as const,
                color: { condition: { test: 'datum.retention > 0.5', value: 'white' }, value: '#222' },
              },
            }]
          : []),
      ],
    },
  });
}
