import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchResult, WarehouseScaleResult } from '../bench/benchResult.js';
import { formatCount } from '../common/formatCount.js';
import { removeFolder, temporaryFolder } from './helpers/lake.js';

// `npm run bench` end to end on tiny sizes: real Sprint runs in real worker threads, the DuckDB
// yardstick, the warehouse's own encounter SQL and a warehouse build. It checks the shape and the
// sanity of what the bench reports, never how fast anything was: this machine is shared, and a
// timing threshold here would fail on someone else's busy minute.

const run = promisify(execFile);
const BENCH = fileURLToPath(new URL('../bench/bench.ts', import.meta.url));
const TINY = ['--quick', '--players', '3000', '--days', '3', '--block-size', '1000', '--threads-list', '1,2', '--encounter-centroids', '20000', '--scale-players', '20000', '--scale-days', '30', '--scale-slice-days', '2', '--warehouse-players', '3000', '--warehouse-days', '4', '--volume-players', '4000', '--volume-days', '2'];

function bench(args: string[]) {
  return run(process.execPath, ['--import', 'tsx', BENCH, ...args], { maxBuffer: 1 << 24 });
}

const isPositive = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0;

let workDir: string;
let result: BenchResult;
let stdout: string;

beforeAll(async () => {
  workDir = temporaryFolder('bench');
  const json = path.join(workDir, 'bench.json');
  fs.mkdirSync(path.join(workDir, 'scratch'));
  ({ stdout } = await bench([...TINY, '--work-dir', path.join(workDir, 'scratch'), '--json', json]));
  result = JSON.parse(fs.readFileSync(json, 'utf8')) as BenchResult;
});

afterAll(() => removeFolder(workDir));

describe('npm run bench --quick', () => {
  it('reports heartbeat throughput, bytes per row and a scaling point per thread count', () => {
    expect(isPositive(result.heartbeats.rows_per_s_per_thread)).toBe(true);
    expect(isPositive(result.heartbeats.bytes_per_row)).toBe(true);
    expect(result.heartbeats.scaling.map((point) => point.threads)).toEqual([1, 2]);
    for (const point of result.heartbeats.scaling) {
      expect(isPositive(point.rows_per_s), `rows/s at ${point.threads} threads`).toBe(true);
      expect(isPositive(point.peak_rss_bytes)).toBe(true);
      expect(isPositive(point.worker_peak_bytes)).toBe(true);
    }
    expect(result.tables.heartbeats!.rows).toBe(result.heartbeats.rows);
  });

  it('measures the DuckDB yardstick on the same rows and reports the ratio', () => {
    expect(isPositive(result.duckdb_native.rows_per_s)).toBe(true);
    expect(isPositive(result.duckdb_native.ratio)).toBe(true);
    expect(isPositive(result.duckdb_native.bytes_per_row)).toBe(true);
    expect(result.duckdb_native.rows).toBe(result.heartbeats.rows);
  });

  it('finds the same close pairs and encounters with the heartbeat digest as with every pair, at 5, 20 and 50 teams', () => {
    expect(result.encounters.map((e) => e.teams_per_session)).toEqual([5, 20, 50]);
    for (const e of result.encounters) {
      expect(e.error).toBeUndefined();
      expect(e.identical, `${e.teams_per_session} teams`).toBe(true);
      expect(isPositive(e.digest_s) && isPositive(e.all_pairs_s) && isPositive(e.speedup)).toBe(true);
    }
    // Identical on nothing would prove nothing: the centroids must put some teams close.
    expect(result.encounters.some((e) => (e.close_pairs ?? 0) > 0)).toBe(true);
  });

  it('builds the warehouse over the lake it wrote and reports heartbeat rows/s', () => {
    expect(result.warehouse.reason).toBeUndefined();
    expect(isPositive(result.warehouse.heartbeat_rows_per_s)).toBe(true);
    expect(result.warehouse.heartbeat_rows).toBe(result.heartbeats.rows);
  });

  it('measures the scale case: whole days of the scale world, DuckDB on the same rows and threads, and the lake projected from them', () => {
    const scale = result.scale;
    expect({ players: scale.players, days: scale.days, day_units: scale.day_units, threads: scale.threads }).toEqual({ players: 20_000, days: 30, day_units: 2, threads: 2 });
    for (const value of [scale.seconds, scale.heartbeat_rows, scale.heartbeat_rows_per_s, scale.duckdb_rows_per_s, scale.ratio, scale.cpu_ratio, scale.peak_rss_bytes, scale.heartbeat_bytes_per_row]) {
      expect(isPositive(value)).toBe(true);
    }
    // Two day units, each one file per event table (four), none in the next date's partition.
    expect(scale.files).toBe(8);
    expect(scale.large_file_share).toBeGreaterThanOrEqual(0);
    expect(scale.large_file_share).toBeLessThanOrEqual(1);
    // 30 day units of 4 files each, plus the players block and the catalog.
    expect(scale.projection.files).toBe(30 * 4 + 2);
    expect(scale.projection.heartbeat_rows).toBeCloseTo((scale.heartbeat_rows * 30) / 2, 0);
    expect(stdout).toContain('PROJECTION of the whole lake on 16 threads, not a measurement');
  });

  const expectWarehouseCase = (ws: WarehouseScaleResult, world: { players: number; days: number }) => {
    expect({ players: ws.players, days: ws.days, threads: ws.threads, memory_limit: ws.memory_limit }).toEqual({ ...world, threads: 2, memory_limit: '2GB' });
    for (const value of [ws.heartbeat_rows, ws.seconds, ws.heartbeat_rows_per_s, ws.cpu_percent, ws.peak_rss_bytes, ws.simulate_seconds, ws.build_to_simulate, ws.append.seconds]) {
      expect(isPositive(value)).toBe(true);
    }
    expect(ws.heartbeats_per_day).toBeCloseTo(ws.heartbeat_rows / world.days, 6);
    expect(ws.build_to_simulate).toBeCloseTo(ws.seconds / ws.simulate_seconds, 6);
    expect(ws.slowest.map((step) => step.step)).toHaveLength(3);
    // The lake's last day unit writes its date and the next: the append digests those two files.
    expect(ws.append.heartbeat_partitions_digested).toBe(2);
    expect(ws.append.ratio_to_full_build).toBeCloseTo(ws.append.seconds / ws.seconds, 6);
  };

  it('measures the warehouse at scale on a complete world: the whole build beside simulate, its slowest steps, and a one-day append', () => {
    expectWarehouseCase(result.warehouse_scale, { players: 3000, days: 4 });
    expect(stdout).toContain('Warehouse at scale: a complete dense world, --players 3,000 --days 4');
  });

  it('measures the warehouse again on a second complete world, its days set beside the scale case\'s full-scale days', () => {
    expectWarehouseCase(result.warehouse_full_scale_days, { players: 4000, days: 2 });
    // Its own world, not the dense one's lake again.
    expect(result.warehouse_full_scale_days.heartbeat_rows).not.toBe(result.warehouse_scale.heartbeat_rows);
    const fullScaleDay = result.scale.heartbeat_rows / result.scale.day_units;
    expect(stdout).toContain(`Warehouse at full-scale days: a complete world of --players 4,000 --days 2 (${formatCount(result.warehouse_full_scale_days.heartbeats_per_day)} heartbeats a day; the scale case's full-scale days: ${formatCount(fullScaleDay)})`);
    expect(result.targets.filter((target) => target.target.startsWith('warehouse, full-scale days (2 threads)'))).toHaveLength(4);
  });

  it('projects the full-scale run and labels it as a projection', () => {
    const p = result.projection;
    expect({ players: p.players, days: p.days, threads: p.threads }).toEqual({ players: 20_000_000, days: 730, threads: 16 });
    for (const value of [p.rows, p.heartbeat_rows, p.bytes, p.seconds, p.seconds_at_full_cores]) expect(isPositive(value)).toBe(true);
    expect(p.assumptions.length).toBeGreaterThan(0);
    expect(stdout).toContain('PROJECTION, not a measurement');
  });

  it('leaves nothing behind in its work folder', () => {
    expect(fs.readdirSync(path.join(workDir, 'scratch'))).toEqual([]);
  });

  it('refuses bad options with one line and exit code 2, before measuring anything', async () => {
    const failure = await bench(['--threads-list', '1,zero']).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr.trim()).toBe("error: --threads-list takes thread counts from 1 to 256 separated by commas, e.g. 1,2,4 (got '1,zero')");
  });
});
