import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../connection.js';
import type { FeatureRow } from './designMatrix.js';
import { FEATURE_TABLE, FEATURES } from './featureSet.js';
import type { SampleRates } from './models.js';
import { partSql, type CohortSplit } from './splitCohorts.js';

/**
 * How many fitting rows the learners get: every buyer up to a cap and a few non-buyers per buyer,
 * so the sample, and with it memory and time, stays the same size from the demo's 40,000 players
 * to 20 million. Rows are drawn by a fixed hash of player_id (Knuth's multiplicative hash: sign-up
 * order spreads evenly over it), so a sample is the same on every run and each smaller sample is
 * part of the larger ones.
 */
export interface SamplingLimits {
  logisticPositives: number;
  /** Buyers are rare: a few negatives per positive carry nearly all of the information (case-control sampling). */
  logisticNegativesPerPositive: number;
  /** The forest's trees cost grows with rows × positives: it gets a smaller, balanced sample. */
  forestPositives: number;
  forestNegativesPerPositive: number;
}

export const DEFAULT_SAMPLING: Readonly<SamplingLimits> = Object.freeze({
  logisticPositives: 5_000,
  logisticNegativesPerPositive: 10,
  forestPositives: 400,
  forestNegativesPerPositive: 3,
});

/** A player's place in [0, 1) for sampling: the same on every run, in SQL and here. */
export const SAMPLE_POSITION_SQL = '((player_id * 2654435761) % 4294967296) / 4294967296.0';

export interface LabelledRows {
  rows: FeatureRow[];
  labels: number[];
  rates: SampleRates;
}

export interface TrainingSamples {
  logistic: LabelledRows;
  forest: LabelledRows;
  /** Players and positives of the whole fitting part, before sampling. */
  fitPlayers: number;
  fitPositives: number;
}

export async function readTrainingSamples(connection: DuckDBConnection, split: CohortSplit, limits: SamplingLimits): Promise<TrainingSamples> {
  const [counts] = await queryRows(
    connection,
    `SELECT count(*) FILTER (WHERE label) AS positives, count(*) FILTER (WHERE NOT label) AS negatives
     FROM ${FEATURE_TABLE} WHERE ${partSql(split)} = 'fit'`,
  );
  const positives = Number(counts?.positives ?? 0);
  const negatives = Number(counts?.negatives ?? 0);
  const share = (wanted: number, available: number) => (available === 0 ? 1 : Math.min(1, wanted / available));
  const logisticPositive = share(limits.logisticPositives, positives);
  const logisticNegative = share(limits.logisticNegativesPerPositive * logisticPositive * positives, negatives);
  const forestPositive = Math.min(logisticPositive, share(limits.forestPositives, positives));
  const forestNegative = Math.min(logisticNegative, share(limits.forestNegativesPerPositive * forestPositive * positives, negatives));

  const rows = await queryRows(
    connection,
    `SELECT ${FEATURES.join(', ')}, label, ${SAMPLE_POSITION_SQL} AS sample_position
     FROM ${FEATURE_TABLE}
     WHERE ${partSql(split)} = 'fit'
       AND ${SAMPLE_POSITION_SQL} < CASE WHEN label THEN ${logisticPositive} ELSE ${logisticNegative} END
     ORDER BY player_id`,
  );
  const pick = (keep: (row: FeatureRow) => boolean): LabelledRows => {
    const kept = rows.filter(keep);
    const keptPositives = kept.filter((row) => row.label === true).length;
    return {
      rows: kept,
      labels: kept.map((row) => (row.label === true ? 1 : 0)),
      // What was actually kept, not the target share: the reweighting is then exact.
      rates: { positives: positives === 0 ? 1 : keptPositives / positives, negatives: negatives === 0 ? 1 : (kept.length - keptPositives) / negatives },
    };
  };
  return {
    logistic: pick(() => true),
    forest: pick((row) => Number(row.sample_position) < (row.label === true ? forestPositive : forestNegative)),
    fitPlayers: positives + negatives,
    fitPositives: positives,
  };
}
