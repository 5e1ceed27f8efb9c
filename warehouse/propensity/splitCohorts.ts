import type { DuckDBConnection } from '@duckdb/node-api';
import { SprintError } from '../../common/errors.js';
import { queryRows } from '../connection.js';
import { FEATURE_TABLE } from './featureSet.js';

/**
 * The split by time: the latest 20% of eligible sign-ups (by signup_date, whole days) are the
 * test cohorts, and the latest 20% of the rest validate the choice of model; the models are fitted
 * on the earliest. Whole days, so a cut never separates two players of one signup date.
 */
export interface CohortSplit {
  /** First signup_date of the test cohorts. */
  testFrom: string;
  /** First signup_date of the validation cohorts (inside train). */
  validationFrom: string;
  firstSignup: string;
  lastSignup: string;
}

export const TEST_SHARE = 0.2;

export async function splitCohorts(connection: DuckDBConnection): Promise<CohortSplit> {
  const [bounds] = await queryRows(
    connection,
    `SELECT
         CAST(percentile_disc(${1 - TEST_SHARE}) WITHIN GROUP (ORDER BY signup_date) AS VARCHAR) AS test_from,
         CAST(min(signup_date) AS VARCHAR) AS first_signup,
         CAST(max(signup_date) AS VARCHAR) AS last_signup,
         count(*) AS players
     FROM ${FEATURE_TABLE}`,
  );
  if (!bounds || Number(bounds.players) === 0) {
    throw new SprintError(`${FEATURE_TABLE} has no players: no one signed up at least 37 days before the lake's last day; simulate more --days`);
  }
  const testFrom = String(bounds.test_from);
  const [inner] = await queryRows(
    connection,
    `SELECT CAST(percentile_disc(${1 - TEST_SHARE}) WITHIN GROUP (ORDER BY signup_date) AS VARCHAR) AS validation_from
     FROM ${FEATURE_TABLE} WHERE signup_date < DATE '${testFrom}'`,
  );
  const validationFrom = inner?.validation_from === null || inner?.validation_from === undefined ? null : String(inner.validation_from);
  if (validationFrom === null || validationFrom === String(bounds.first_signup)) {
    throw new SprintError(`the eligible players signed up on too few days (${bounds.first_signup} to ${bounds.last_signup}) to split by time; simulate more --days`);
  }
  return { testFrom, validationFrom, firstSignup: String(bounds.first_signup), lastSignup: String(bounds.last_signup) };
}

/** SQL naming each eligible player's part: 'fit', 'validation' or 'test' (fit and validation are the 'train' split). */
export function partSql(split: CohortSplit, column = 'signup_date'): string {
  return `CASE WHEN ${column} >= DATE '${split.testFrom}' THEN 'test' WHEN ${column} >= DATE '${split.validationFrom}' THEN 'validation' ELSE 'fit' END`;
}
