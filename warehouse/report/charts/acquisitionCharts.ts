import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../../connection.js';
import type { Row } from '../../connection.js';
import { findQuestion } from '../../questions/catalog.js';
import { runQuestion } from '../runQuestion.js';
import { tidySql, toNumber, vegaLiteChart } from './chart.js';
import type { ReportChart } from './chart.js';

const PANEL_WIDTH = 360;

const AGE_BAND_SQL = `
  SELECT
      age_band,
      sum(players) AS players,
      sum(payers) / sum(players) AS payer_conversion,
      CAST(sum(revenue) AS DOUBLE) / sum(players) AS revenue_per_player
  FROM sprint_mart.acquisition_kpis
  GROUP BY age_band
  ORDER BY age_band`;

/**
 * Per acquisition channel, from the answer to question 8 (`npm run query -- by-channel`), so the
 * chart and the answer can never disagree; and per age band, from the same mart.
 */
export async function acquisitionCharts(connection: DuckDBConnection): Promise<ReportChart[]> {
  return [await channelChart(connection), await ageBandChart(connection)];
}

async function channelChart(connection: DuckDBConnection): Promise<ReportChart> {
  const question = findQuestion('by-channel')!;
  const rows = (await runQuestion(connection, question, {})).map((row: Row) => ({
    acquisition_channel: String(row.acquisition_channel),
    players: toNumber(row.players),
    d7_retention: toNumber(row.d7_retention),
    payer_conversion: toNumber(row.payer_conversion),
    revenue_per_player: toNumber(row.revenue_per_player),
  }));
  const order = rows.map((row) => row.acquisition_channel);
  const channel = { field: 'acquisition_channel', type: 'nominal', sort: order, title: null } as const;
  const tooltip = [
    { field: 'acquisition_channel', type: 'nominal', title: 'channel' },
    { field: 'players', type: 'quantitative', format: ',' },
    { field: 'd7_retention', type: 'quantitative', title: 'D7 retention', format: '.1%' },
    { field: 'payer_conversion', type: 'quantitative', title: 'payer conversion', format: '.2%' },
    { field: 'revenue_per_player', type: 'quantitative', title: 'revenue per player', format: '$,.2f' },
  ] as const;
  const panel = (field: string, title: string, color: string) => ({
    width: PANEL_WIDTH,
    height: { step: 24 },
    mark: { type: 'bar', color } as const,
    encoding: {
      y: channel,
      x: { field, type: 'quantitative', title, axis: { format: '.0%' } } as const,
      tooltip: [...tooltip],
    },
  });
  return vegaLiteChart({
    id: 'retention-by-channel',
    title: 'D7 retention and payer conversion by acquisition channel',
    caption:
      'Share of each channel’s players who signed on again exactly 7 days after signing up (among those whose day 7 lies in the data), and share who ever paid. Paid channels retain worse than organic players; referred players best.',
    sql: `-- question 8, as \`npm run query -- by-channel\` asks it\n${tidySql(question.sql)}`,
    rows,
    vegaLite: {
      data: { values: rows },
      hconcat: [panel('d7_retention', 'D7 retention', '#4c78a8'), panel('payer_conversion', 'payer conversion (ever paid)', '#f58518')],
    },
  });
}

async function ageBandChart(connection: DuckDBConnection): Promise<ReportChart> {
  const rows = (await queryRows(connection, AGE_BAND_SQL)).map((row) => ({
    age_band: String(row.age_band),
    players: toNumber(row.players),
    payer_conversion: toNumber(row.payer_conversion),
    revenue_per_player: toNumber(row.revenue_per_player),
  }));
  return vegaLiteChart({
    id: 'payers-by-age-band',
    title: 'Payer conversion by age band',
    caption: 'Share of each age band’s players who ever paid: teenagers least, players from 25 to 44 most.',
    sql: AGE_BAND_SQL,
    rows,
    vegaLite: {
      width: PANEL_WIDTH,
      height: { step: 24 },
      data: { values: rows },
      mark: { type: 'bar', color: '#54a24b' },
      encoding: {
        y: { field: 'age_band', type: 'ordinal', sort: null, title: 'age band' },
        x: { field: 'payer_conversion', type: 'quantitative', title: 'payer conversion (ever paid)', axis: { format: '.1%' } },
        tooltip: [
          { field: 'age_band', type: 'ordinal', title: 'age band' },
          { field: 'players', type: 'quantitative', format: ',' },
          { field: 'payer_conversion', type: 'quantitative', title: 'payer conversion', format: '.2%' },
          { field: 'revenue_per_player', type: 'quantitative', title: 'revenue per player', format: '$,.2f' },
        ],
      },
    },
  });
}
