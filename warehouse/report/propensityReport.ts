import type { DuckDBConnection } from '@duckdb/node-api';
import { queryNumber, queryRows } from '../connection.js';
import type { Row } from '../connection.js';
import { RESULT_TABLES } from '../propensity/resultTables.js';
import { HIDDEN_SEGMENTS_SQL, METRICS_SQL, SEGMENTS_SQL, UNPAID_HIGH_PROPENSITY_SQL } from '../propensity/segmentQueries.js';
import { propensityCharts } from './charts/propensityCharts.js';
import type { ReportChart } from './charts/chart.js';
import { tidySql } from './charts/chart.js';

export interface PropensityTable {
  id: string;
  title: string;
  caption: string;
  sql: string;
  rows: Row[];
}

export interface PropensityReport {
  /** False when `npm run propensity` has not run on this warehouse (or a rebuild dropped its tables). */
  present: boolean;
  charts: ReportChart[];
  tables: PropensityTable[];
}

/** The purchase-propensity results, when `npm run propensity` has written them to this warehouse. */
export async function readPropensityReport(connection: DuckDBConnection): Promise<PropensityReport> {
  const names = Object.values(RESULT_TABLES).map((name) => `'${name}'`).join(', ');
  const found = await queryNumber(
    connection,
    `SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name || '.' || table_name IN (${names})`,
  );
  if (found < Object.keys(RESULT_TABLES).length) return { present: false, charts: [], tables: [] };
  const table = async (id: string, title: string, caption: string, sql: string): Promise<PropensityTable> => ({
    id,
    title,
    caption,
    sql: tidySql(sql),
    rows: await queryRows(connection, sql),
  });
  return {
    present: true,
    charts: await propensityCharts(connection),
    tables: [
      await table('propensity-metrics', 'Model metrics', 'Every model on the train split, its validation part (which chose the model) and the test cohorts; first_signup and last_signup are the cut dates.', METRICS_SQL),
      await table('propensity-segments', 'Targetable segments', 'The test cohorts by segment of the chosen model’s score: size, conversion in days 7–36 and lift over the cohorts’ conversion.', SEGMENTS_SQL),
      await table('propensity-unpaid', 'High propensity, not yet paid, by country and platform', 'The segment to target first: top-fifth scores and no purchase in week one.', UNPAID_HIGH_PROPENSITY_SQL),
      await table('propensity-hidden-segments', 'Recovery of the hidden spender segments', 'An evaluation only: the simulator’s spender_segment, which no model reads, against the scores of the test cohorts.', HIDDEN_SEGMENTS_SQL),
    ],
  };
}
