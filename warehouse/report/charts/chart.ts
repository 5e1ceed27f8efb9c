import type { Spec } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { lakeReadError } from '../../checkLakeFiles.js';

/** One chart of the report: a Vega spec with its data embedded, and the SQL that produced the data. */
export interface ReportChart {
  id: string;
  title: string;
  /** What the chart shows and how to read it, one or two sentences. */
  caption: string;
  sql: string;
  /** Compiled here, in Node, so the page needs only Vega's runtime and a broken spec fails the build, not the reader. */
  spec: Spec;
  /** Rows embedded in the spec: kept small whatever the warehouse's size. */
  rows: number;
  /** What Vega-Lite warned about while compiling: a sign of a spec mistake, asserted empty by the tests. */
  warnings: string[];
}

type Logger = NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>;

/** Keeps Vega-Lite's warnings with the chart instead of printing them in the middle of a CLI's output. */
class WarningCollector implements Logger {
  readonly warnings: string[] = [];
  #level = 2;
  level(value?: number): number | Logger {
    if (value === undefined) return this.#level;
    this.#level = value;
    return this;
  }
  error(...args: unknown[]): this {
    this.warnings.push(args.map(String).join(' '));
    return this;
  }
  warn(...args: unknown[]): this {
    this.warnings.push(args.map(String).join(' '));
    return this;
  }
  info(): this {
    return this;
  }
  debug(): this {
    return this;
  }
}

/** Numbers, dates and fonts every chart shares, so the report reads as one document. */
const CONFIG: TopLevelSpec['config'] = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#444', labelColor: '#444', gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  view: { stroke: null },
  range: { category: { scheme: 'tableau10' } },
};

export const CHART_WIDTH = 820;

export function vegaLiteChart(chart: Omit<ReportChart, 'spec' | 'rows' | 'warnings'> & { rows: readonly object[]; vegaLite: TopLevelSpec }): ReportChart {
  const { vegaLite, rows, ...rest } = chart;
  const logger = new WarningCollector();
  const spec = compile({ config: CONFIG, ...vegaLite } as TopLevelSpec, { logger }).spec;
  return { ...rest, sql: tidySql(rest.sql), spec, rows: rows.length, warnings: logger.warnings };
}

/** A chart spec written directly in Vega (the lineage graph needs layout transforms Vega-Lite lacks). */
export function vegaChart(chart: Omit<ReportChart, 'rows' | 'warnings'> & { rows: readonly object[] }): ReportChart {
  return { ...chart, sql: tidySql(chart.sql), rows: chart.rows.length, warnings: [] };
}

/** SQL as written in a template literal, without its common indentation or blank edges. */
export function tidySql(sql: string): string {
  const lines = sql.replace(/^\s*\n/, '').trimEnd().split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

/** DuckDB's JSON rows carry BIGINT and DECIMAL as strings; charts need numbers. */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}

/**
 * Runs a read that goes down to the lake's heartbeats (the raw views). A moved or damaged lake must
 * not cost the whole report: the chart is drawn empty and its caption says why.
 */
export async function readLake<T>(read: () => Promise<T>, empty: T): Promise<{ value: T; problem: string | null }> {
  try {
    return { value: await read(), problem: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A glob that matches nothing is a lake that moved, not a corrupt file (which lakeReadError would call it).
    const glob = /No files found that match the pattern "([^"]+)"/.exec(message)?.[1];
    const reason = glob
      ? `no files match ${glob}; has the lake moved since the warehouse was built?`
      : lakeReadError(error)?.message ?? message.split('\n')[0]!;
    return { value: empty, problem: `The lake could not be read: ${reason}` };
  }
}
