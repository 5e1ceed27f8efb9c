import type { Row } from '../connection.js';
import { CATEGORICAL_FEATURES, MIN_LEVEL_PLAYERS, NUMERIC_FEATURES } from './featureSet.js';

/** One player's features as read from the warehouse (BIGINT and DECIMAL arrive as strings). */
export type FeatureRow = Row;

/**
 * Turns feature rows into model inputs. Learned once on the fitting rows and then applied unchanged
 * to every player, so validation and test players never shape the encoding.
 */
export interface Encoder {
  /** Column names of the one-hot encoding, e.g. `sessions` or `country=DE`. */
  columns: string[];
  /** Standardised log(1 + x) numbers and one-hot levels: what a linear model needs. */
  encode(row: FeatureRow): number[];
  /**
   * One column per feature, a level's index for a category: trees split on order, and each extra
   * column costs the forest's library a full pass per split candidate.
   */
  encodeForTrees(row: FeatureRow): number[];
}

const OTHER = 'other';

export function fitEncoder(rows: readonly FeatureRow[]): Encoder {
  const means: number[] = [];
  const scales: number[] = [];
  for (const feature of NUMERIC_FEATURES) {
    const values = rows.map((row) => numeric(row[feature]));
    const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, values.length);
    means.push(mean);
    // A constant column (no encounters in a lake without heartbeats) stays 0 rather than dividing by 0.
    scales.push(variance > 0 ? Math.sqrt(variance) : 1);
  }
  const levels = CATEGORICAL_FEATURES.map((feature) => {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(label(row[feature]), (counts.get(label(row[feature])) ?? 0) + 1);
    const kept = [...counts].filter(([, count]) => count >= MIN_LEVEL_PLAYERS).map(([level]) => level).sort();
    return [...kept, OTHER];
  });
  const columns = [...NUMERIC_FEATURES, ...CATEGORICAL_FEATURES.flatMap((feature, f) => levels[f]!.map((level) => `${feature}=${level}`))];
  return {
    columns,
    encode(row) {
      const out = NUMERIC_FEATURES.map((feature, i) => (numeric(row[feature]) - means[i]!) / scales[i]!);
      CATEGORICAL_FEATURES.forEach((feature, f) => {
        const own = levels[f]!;
        const at = own.indexOf(label(row[feature]));
        for (let k = 0; k < own.length; k++) out.push(k === (at < 0 ? own.length - 1 : at) ? 1 : 0);
      });
      return out;
    },
    encodeForTrees(row) {
      const out = NUMERIC_FEATURES.map((feature) => numeric(row[feature]));
      CATEGORICAL_FEATURES.forEach((feature, f) => {
        const own = levels[f]!;
        const at = own.indexOf(label(row[feature]));
        out.push(at < 0 ? own.length - 1 : at);
      });
      return out;
    },
  };
}

/** Counts and money are heavy-tailed: log(1 + x) keeps a few whales from steering a linear model. */
function numeric(value: FeatureRow[string] | undefined): number {
  const x = typeof value === 'boolean' ? Number(value) : Number(value ?? 0);
  return Math.sign(x) * Math.log1p(Math.abs(x));
}

function label(value: FeatureRow[string] | undefined): string {
  return value === null || value === undefined ? 'unknown' : String(value);
}
