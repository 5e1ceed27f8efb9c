import type { DuckDBValue } from '@duckdb/node-api';
import { UsageError } from '../../common/errors.js';

export type OptionKind = 'player' | 'id' | 'date' | 'month' | 'count';

export interface QuestionOption {
  name: string;
  kind: OptionKind;
  describe: string;
  required?: boolean;
  /** Used when the option is not given; absent means SQL NULL (no filter). */
  default?: string;
}

/** One business question of CONTRACT §3, answered by one parameterised query over sprint_mart. */
export interface Question {
  name: string;
  /** Its number in CONTRACT §3. */
  contract: number;
  title: string;
  options: QuestionOption[];
  /** Named parameters ($name) only: values are always bound, never spliced into the text. */
  sql: string;
}

const PATTERNS: Record<OptionKind, { pattern: RegExp; accepts: string }> = {
  player: { pattern: /^\d{1,18}$/, accepts: 'a player id (a whole number)' },
  id: { pattern: /^\d{1,18}$/, accepts: 'an id (a whole number)' },
  date: { pattern: /^\d{4}-\d{2}-\d{2}$/, accepts: 'a date YYYY-MM-DD' },
  month: { pattern: /^\d{4}-\d{2}$/, accepts: 'a month YYYY-MM' },
  count: { pattern: /^\d{1,6}$/, accepts: 'a whole number' },
};

/**
 * Turns the command line's strings into typed parameters, checking each once, at the edge, with a
 * message that names the option and what it accepts.
 */
export function bindOptions(question: Question, given: Readonly<Record<string, string | undefined>>): Record<string, DuckDBValue> {
  const known = new Set(question.options.map((option) => option.name));
  for (const name of Object.keys(given)) {
    if (given[name] !== undefined && !known.has(name)) {
      const accepted = question.options.map((option) => `--${option.name}`).join(', ') || 'none';
      throw new UsageError(`--${name} does not apply to ${question.name} (its options: ${accepted})`);
    }
  }
  const params: Record<string, DuckDBValue> = {};
  for (const option of question.options) {
    const raw = given[option.name] ?? option.default;
    if (raw === undefined) {
      if (option.required) throw new UsageError(`${question.name} needs --${option.name}: ${option.describe}`);
      params[option.name] = null;
      continue;
    }
    const { pattern, accepts } = PATTERNS[option.kind];
    const value = raw.trim();
    if (!pattern.test(value) || (option.kind !== 'player' && option.kind !== 'id' && option.kind !== 'count' && !isRealDate(value))) {
      throw new UsageError(`--${option.name} takes ${accepts}, got "${raw}"`);
    }
    params[option.name] = option.kind === 'player' || option.kind === 'id' ? BigInt(value) : option.kind === 'count' ? Number(value) : option.kind === 'month' ? `${value}-01` : value;
  }
  return params;
}

/** What an option of this kind takes, for help text. */
export function accepts(kind: OptionKind): string {
  return PATTERNS[kind].accepts;
}

function isRealDate(value: string): boolean {
  const iso = value.length === 7 ? `${value}-01` : value;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso;
}
