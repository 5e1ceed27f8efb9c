import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../../connection.js';
import { CHART_WIDTH, toNumber, vegaLiteChart } from './chart.js';
import type { ReportChart } from './chart.js';

/** Countries shown by name; the rest are summed as "Other" so a chart stays readable and small. */
const TOP_COUNTRIES = 10;

/**
 * A mart's measure per period and country, with countries beyond the top ones (by the measure's
 * total) summed as "Other".
 */
function topCountriesSql(mart: string, period: string, total: string, measure: string): string {
  return `
  WITH top_countries AS (
      SELECT country
      FROM sprint_mart.${mart}
      GROUP BY country
      ORDER BY sum(${total}) DESC, country
      LIMIT ${TOP_COUNTRIES}
  )
  SELECT
      ${period},
      CASE WHEN country IN (SELECT country FROM top_countries) THEN country ELSE 'Other' END AS country,
      ${measure}
  FROM sprint_mart.${mart}
  GROUP BY ALL
  ORDER BY ${period}, country`;
}

const REVENUE_SQL = topCountriesSql('country_weekly_revenue', 'year_week', 'total_revenue', 'CAST(sum(total_revenue) AS DOUBLE) AS revenue');

const PLAYTIME_SQL = topCountriesSql('country_monthly_playtime', 'year_month', 'total_play_time_seconds', 'CAST(sum(total_play_time_seconds) AS DOUBLE) / 3600 AS hours');

export async function countryCharts(connection: DuckDBConnection): Promise<ReportChart[]> {
  return [await revenueChart(connection), await playtimeChart(connection)];
}

async function revenueChart(connection: DuckDBConnection): Promise<ReportChart> {
  const values = (await queryRows(connection, REVENUE_SQL)).map((row) => ({
    year_week: row.year_week,
    country: String(row.country),
    revenue: toNumber(row.revenue),
  }));
  const order = countryOrder(values, (row) => row.revenue);
  // The stacking order travels with the data rather than inside an expression string.
  const rows = values.map((row) => ({ ...row, order: order.indexOf(row.country) }));
  // Weeks as bands, not a time axis: a stacked bar needs a band to stand in, and ISO weeks start on
  // Monday where Vega-Lite's week unit starts on Sunday.
  const week = { field: 'year_week', type: 'ordinal', timeUnit: 'utcyearmonthdate', title: 'week (Monday)' } as const;
  return vegaLiteChart({
    id: 'revenue-by-country',
    title: 'Revenue by country by ISO week',
    caption: `USD per week, stacked by country: the ${TOP_COUNTRIES} countries with the most revenue overall, the rest as Other.`,
    sql: REVENUE_SQL,
    rows,
    vegaLite: {
      width: CHART_WIDTH,
      height: 260,
      data: { values: rows },
      mark: { type: 'bar', stroke: 'white', strokeWidth: 0.3 },
      encoding: {
        x: { ...week, axis: { format: '%b %d, %Y', labelAngle: -40, labelOverlap: 'greedy' } },
        y: { field: 'revenue', type: 'quantitative', stack: 'zero', title: 'revenue (USD)', axis: { format: '$,.0f' } },
        color: { field: 'country', type: 'nominal', sort: order, scale: { scheme: 'tableau20' }, title: 'country' },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [
          week,
          { field: 'country', type: 'nominal' },
          { field: 'revenue', type: 'quantitative', title: 'revenue (USD)', format: '$,.2f' },
        ],
      },
    },
  });
}

async function playtimeChart(connection: DuckDBConnection): Promise<ReportChart> {
  const rows = (await queryRows(connection, PLAYTIME_SQL)).map((row) => ({
    year_month: row.year_month,
    country: String(row.country),
    hours: toNumber(row.hours),
  }));
  const order = countryOrder(rows, (row) => row.hours);
  const months = new Set(rows.map((row) => row.year_month)).size;
  const darkFrom = Math.max(0, ...rows.map((row) => row.hours)) * 0.55;
  const month = { field: 'year_month', type: 'ordinal', timeUnit: 'utcyearmonth', title: null, axis: { format: '%b %Y', labelAngle: 0, labelOverlap: 'greedy' } } as const;
  return vegaLiteChart({
    id: 'playtime-by-country',
    title: 'Play time by country by month',
    caption: `Hours played per month in the ${TOP_COUNTRIES} countries that play most, and everyone else as Other (a session counts in the month it starts).`,
    sql: PLAYTIME_SQL,
    rows,
    vegaLite: {
      width: CHART_WIDTH,
      height: { step: 22 },
      data: { values: rows },
      encoding: {
        x: month,
        y: { field: 'country', type: 'nominal', sort: order, title: null },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
          encoding: {
            color: { field: 'hours', type: 'quantitative', scale: { scheme: 'oranges' }, title: 'hours', legend: { format: ',.0f' } },
            tooltip: [
              { field: 'year_month', type: 'temporal', timeUnit: 'utcyearmonth', title: 'month' },
              { field: 'country', type: 'nominal' },
              { field: 'hours', type: 'quantitative', format: ',.1f' },
            ],
          },
        },
        // Numbers in the cells while there are few enough months for them to fit.
        ...(months <= 12
          ? [{
              mark: { type: 'text', fontSize: 10 } as const,
              encoding: {
                text: { field: 'hours', type: 'quantitative', format: ',.0f' } as const,
                color: { condition: { test: `datum.hours > ${darkFrom}`, value: 'white' }, value: '#222' },
              },
            }]
          : []),
      ],
    },
  });
}

/** Countries by their total, largest first, with Other last whatever its size. */
function countryOrder<T extends { country: string }>(rows: readonly T[], measure: (row: T) => number): string[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.country, (totals.get(row.country) ?? 0) + measure(row));
  const named = [...totals.entries()].filter(([country]) => country !== 'Other').sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return [...named.map(([country]) => country), ...(totals.has('Other') ? ['Other'] : [])];
}
