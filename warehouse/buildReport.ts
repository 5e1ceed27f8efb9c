import { formatCount } from '../common/formatCount.js';
import type { BuildSummary } from './buildWarehouse.js';
import type { DataTestResult } from './dataTests.js';
import type { ModelResult } from './runModels.js';

/** One line per model: position, materialization, relation, rows, seconds and partitions redone. */
export function formatModelLine(result: ModelResult, index: number, total: number): string {
  const position = `${String(index).padStart(String(total).length)}/${total}`;
  const name = `${result.model.schema}.${result.model.name}`;
  if (result.status === 'skipped') return `  ${position} SKIP  ${name} (an earlier model failed)`;
  if (result.status === 'failed') return `  ${position} FAIL  ${name} after ${result.seconds.toFixed(2)} s`;
  const kept = result.status === 'unchanged' ? '  unchanged, kept' : '';
  const rows = result.rows === null ? '' : `${result.rows.toLocaleString('en-US')} rows`;
  const partitions = result.partitions
    ? `  ${result.partitions.done} partition${result.partitions.done === 1 ? '' : 's'}${result.partitions.fullRefresh ? ' (full rebuild)' : ''}`
    : result.keys
      ? result.keys.fullRefresh
        ? '  (full rebuild)'
        : `  ${result.keys.done.toLocaleString('en-US')} ${result.model.uniqueKey} value${result.keys.done === 1 ? '' : 's'} redone`
      : '';
  return `  ${position} ${result.materialized.padEnd(11)} ${name.padEnd(46)} ${rows.padStart(16)} ${result.seconds.toFixed(2).padStart(7)} s${partitions}${kept}`;
}

/**
 * Whether a data test gets its line: by default only the ones that did not pass, since a
 * healthy build's 160-odd PASS lines bury what matters (the summary line counts them); with
 * --verbose every one.
 */
export function showsTestLine(result: DataTestResult, verbose: boolean): boolean {
  return verbose || result.status !== 'passed';
}

/** One line per data test; a failing one adds its failing-row count and a few of the rows. */
export function formatTestLine(result: DataTestResult): string {
  const seconds = `${result.seconds.toFixed(2)} s`;
  if (result.status === 'passed') return `  PASS  ${result.test.name}  (${result.test.scope ? `${result.test.scope}, ` : ''}${seconds})`;
  if (result.status === 'error') {
    const message = (result.error instanceof Error ? result.error.message : String(result.error)).split('\n')[0];
    return `  ERROR ${result.test.name}: ${message}`;
  }
  const rows = result.sample.map((row) => `        ${JSON.stringify(row)}`).join('\n');
  return `  FAIL  ${result.test.name}: ${result.failingRows.toLocaleString('en-US')} failing row${result.failingRows === 1 ? '' : 's'}, e.g.\n${rows}`;
}

export function formatSummary(summary: BuildSummary, db: string): string {
  const incremental = summary.models.filter((result) => result.partitions);
  const partitions = incremental.reduce((sum, result) => sum + (result.partitions?.done ?? 0), 0);
  const heartbeats =
    summary.heartbeatRows > 0
      ? `; heartbeats: ${formatCount(summary.heartbeatRows)} rows, digested in ${summary.digest.seconds.toFixed(1)} s ` +
        `(${formatCount(summary.heartbeatRows / summary.digest.seconds)} rows/s), ${formatCount(summary.heartbeatRows / summary.seconds)} rows/s over the whole build`
      : '';
  const scoped = summary.tests.filter((result) => result.test.scope !== undefined).length;
  const testScope = scoped > 0 ? ` (${scoped} of them only on what this build changed)` : '';
  return (
    `build-warehouse: ${summary.models.length} models (${partitions} incremental partitions redone) and ` +
    `${summary.tests.length} data tests passed${testScope} in ${summary.seconds.toFixed(1)} s${heartbeats} -> ${db}\n`
  );
}
