import { SprintError } from '../common/errors.js';
import { sqlString } from './connection.js';

export interface RenderContext {
  /** Where each model or raw view lives: name -> `schema.name`. */
  relations: ReadonlyMap<string, string>;
  vars: Readonly<Record<string, number>>;
  /** The partition keys (`YYYY-MM-DD`) one statement of an incremental model fills. */
  partitions?: readonly string[];
  /** The lake partitions those keys read: each key up to its lookahead_days after it. */
  lakePartitions?: readonly string[];
  /**
   * In a model with unique_key: the table of the key values a patch redoes (one column, `key`), or
   * null when it rebuilds every key.
   */
  redoneKeys?: string | null;
  /** In singular tests: the first partition key (`YYYY-MM-DD`) of a model a test must look at (see SingularScope). */
  redoneSince?: (model: string) => string;
}

const EXPRESSION = /\{\{\s*(.*?)\s*\}\}/g;

/**
 * Fills the `{{ ... }}` placeholders of a model or test, the small subset of dbt's Jinja Sprint uses:
 * `ref('model')`, `source('sprint_raw', 'view')`, `source('sprint_digest', 'table')`, `var('name')`, and in incremental models
 * `partitions` and `lake_partitions` (SQL lists of dates, for `col in {{ partitions }}`), in models
 * with unique_key `is_redone_key('column')` (whether the column holds a key the statement redoes), and in
 * singular tests `redone_since('model')` (a DATE). Everything it writes into SQL is a relation name,
 * a number or a validated date produced by the program itself, or a column name from the template,
 * checked to be one.
 */
export function renderSql(template: string, context: RenderContext, where: string): string {
  return template.replace(EXPRESSION, (_whole, expression: string) => {
    let match: RegExpExecArray | null;
    if ((match = /^ref\('([a-z0-9_]+)'\)$/.exec(expression))) return relation(match[1]!, context, where);
    if ((match = /^source\('sprint_(?:raw|digest)',\s*'([a-z0-9_]+)'\)$/.exec(expression))) return relation(match[1]!, context, where);
    if ((match = /^var\('([a-z0-9_]+)'\)$/.exec(expression))) {
      const value = context.vars[match[1]!];
      if (value === undefined || !Number.isFinite(value)) throw new SprintError(`${where}: no value for var('${match[1]}')`);
      // A bare 0.1 would be a DECIMAL, whose products round differently from the DOUBLE
      // arithmetic the distances are computed in; whole numbers are exact either way.
      return Number.isInteger(value) ? String(value) : `CAST(${value} AS DOUBLE)`;
    }
    if (expression === 'partitions' || expression === 'lake_partitions') {
      const dates = expression === 'partitions' ? context.partitions : context.lakePartitions;
      if (!dates || dates.length === 0 || !dates.every((date) => /^\d{4}-\d{2}-\d{2}$/.test(date))) {
        throw new SprintError(`${where}: {{ ${expression} }} is only defined for incremental models`);
      }
      return sqlDateList(dates);
    }
    if ((match = /^is_redone_key\('([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)'\)$/.exec(expression))) {
      if (context.redoneKeys === undefined) throw new SprintError(`${where}: {{ is_redone_key(...) }} is only defined in models with unique_key`);
      return context.redoneKeys === null ? 'true' : `${match[1]} IN (SELECT key FROM ${context.redoneKeys})`;
    }
    if ((match = /^redone_since\('([a-z0-9_]+)'\)$/.exec(expression))) {
      if (!context.redoneSince) throw new SprintError(`${where}: {{ redone_since(...) }} is only defined in singular tests`);
      relation(match[1]!, context, where);
      const since = context.redoneSince(match[1]!);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(since)) throw new SprintError(`${where}: redone_since('${match[1]}') gave "${since}", not a date`);
      return `DATE ${sqlString(since)}`;
    }
    throw new SprintError(`${where}: unknown placeholder {{ ${expression} }}`);
  });
}

function relation(name: string, context: RenderContext, where: string): string {
  const qualified = context.relations.get(name);
  if (!qualified) throw new SprintError(`${where}: refers to unknown model or view "${name}"`);
  return qualified;
}

/** Dates (`YYYY-MM-DD`) as a SQL list, for `column IN (...)`. */
export function sqlDateList(dates: readonly string[]): string {
  return `(${dates.map((date) => `DATE ${sqlString(date)}`).join(', ')})`;
}

/** The vars a template uses, so a fingerprint changes only when one of them does. */
export function varsUsed(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{\s*var\('([a-z0-9_]+)'\)\s*\}\}/g)].map((match) => match[1]!))].sort();
}
