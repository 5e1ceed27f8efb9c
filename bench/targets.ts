import type { BenchResult } from './benchResult.js';

export interface TargetCheck {
  target: string;
  value: string;
  met: boolean;
}

/**
 * Issues 4, 11 and 12's targets against this run's figures, so the table says at a glance which are met. For
 * people only: tests never assert them, and a busy machine can miss a wall-clock one on its own.
 */
export function checkTargets(result: Omit<BenchResult, 'targets'>): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const add = (target: string, value: number | null, format: (v: number) => string, met: (v: number) => boolean) =>
    checks.push({ target, value: value === null ? 'n/a' : format(value), met: value !== null && met(value) });
  const times = (v: number) => `${v.toFixed(2)}×`;

  const hb = result.heartbeats;
  add('heartbeats ≥ 3 M rows/s per thread', hb.rows_per_s_per_thread, (v) => `${(v / 1e6).toFixed(2)} M`, (v) => v >= 3e6);
  add('heartbeats ≤ 10.5 bytes/row', hb.bytes_per_row, (v) => v.toFixed(2), (v) => v <= 10.5);
  const two = hb.scaling.find((point) => point.threads === 2);
  const one = hb.scaling.find((point) => point.threads === 1);
  add('2 threads ≥ 1.7× one thread', two && one ? two.rows_per_s / one.rows_per_s : null, times, (v) => v >= 1.7);
  const duckTwo = result.duckdb_native.by_threads.find((point) => point.threads === 2);
  add('Sprint ÷ DuckDB ≥ 1.2 at 2 threads', duckTwo?.ratio ?? null, times, (v) => v >= 1.2);
  const fifty = result.encounters.find((e) => e.teams_per_session === 50);
  add('digest ≥ 5× every pair at 50 teams', fifty?.speedup ?? null, times, (v) => v >= 5);
  checks.push({ target: 'digest and every pair identical', value: result.encounters.every((e) => e.identical) ? 'yes' : 'no', met: result.encounters.every((e) => e.identical) });
  for (const [ws, world] of [[result.warehouse_scale, 'dense world'], [result.warehouse_full_scale_days, 'full-scale days']] as const) {
    const name = `warehouse, ${world} (${ws.threads} threads)`;
    add(`${name}: ≥ 10 M heartbeat rows/s over the whole build`, ws.heartbeat_rows_per_s, (v) => `${(v / 1e6).toFixed(2)} M`, (v) => v >= 10e6);
    add(`${name}: ≥ 5 M heartbeat rows/s at the least`, ws.heartbeat_rows_per_s, (v) => `${(v / 1e6).toFixed(2)} M`, (v) => v >= 5e6);
    add(`${name}: build no slower than simulate`, ws.build_to_simulate, times, (v) => v <= 1);
    add(`${name}: peak RSS under 3 GiB with --memory-limit ${ws.memory_limit}`, ws.peak_rss_bytes, (v) => `${(v / 2 ** 30).toFixed(2)} GiB`, (v) => v < 3 * 2 ** 30);
  }
  const scale = result.scale;
  add(`scale case: Sprint ÷ DuckDB ≥ 1.2 (${scale.threads} threads, full-scale days)`, scale.ratio, times, (v) => v >= 1.2);
  add('scale case: ≥ 90% of heartbeat bytes in files ≥ 64 MB', scale.large_file_share, (v) => `${(100 * v).toFixed(0)}%`, (v) => v >= 0.9);
  add('scale case: whole lake ≤ 6,000 files', scale.projection.files, (v) => v.toLocaleString('en-US'), (v) => v <= 6000);
  add('scale case: peak RSS ≤ 1 GB', scale.peak_rss_bytes, (v) => `${(v / 2 ** 20).toFixed(0)} MiB`, (v) => v <= 2 ** 30);
  add('scale case: heartbeats ≤ 8 bytes/row', scale.heartbeat_bytes_per_row, (v) => v.toFixed(2), (v) => v <= 8);
  return checks;
}
