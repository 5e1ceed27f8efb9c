import type { BenchOptions } from './options.js';
import type { EncounterComparison } from './encounters.js';
import { projectFullScale } from './projection.js';
import type { SimulateRun } from './simulateThroughput.js';
import type { WarehouseRun, WarehouseUnavailable } from './warehouseThroughput.js';
import type { YardstickRun } from './duckdbYardstick.js';
import type { WorldShape } from './worldShape.js';
import { checkTargets } from './targets.js';
import type { ScaleCase } from './scaleCase.js';
import type { TargetCheck } from './targets.js';
import type { WarehouseScale } from './warehouseScale.js';

/** What the steps measured, before any ratio is taken. */
export interface Measurements {
  options: BenchOptions;
  machine: Machine;
  /** The fastest Sprint run per thread count, ascending. */
  sprint: SimulateRun[];
  /** The fastest DuckDB yardstick run per thread count, same order. */
  yardstick: YardstickRun[];
  encounters: (EncounterComparison | EncounterFailure)[];
  warehouse: WarehouseRun | WarehouseUnavailable;
  /** Rows per player of a full-window world, for the projection. */
  shape: WorldShape;
  scale: ScaleCase;
  warehouseScale: WarehouseScaleCase;
  warehouseFullScaleDays: WarehouseScaleCase;
}

/** The warehouse measured on a complete world, beside the simulate run that wrote it. */
export interface WarehouseScaleCase {
  players: number;
  days: number;
  threads: number;
  memoryLimit: string;
  simulate: SimulateRun;
  warehouse: WarehouseScale;
}

export interface Machine {
  cores: number;
  cpu: string;
  memoryBytes: number;
  node: string;
  duckdb: string;
  /** 1-minute load averages when the bench started and ended: above the cores, the figures are squeezed. */
  loadAverage: { start: number; end: number };
}

export interface EncounterFailure {
  teamsPerSession: number;
  error: string;
}

/** The JSON `--json` writes (snake_case, as the issue specifies), and what the table is printed from. */
export interface BenchResult {
  machine: Machine;
  options: { quick: boolean; players: number; days: number; block_size: number; threads_list: number[]; repeat: number; heartbeats: 'all' };
  heartbeats: {
    /** One thread's heartbeat rows/s through the whole path (the smallest thread count measured). */
    rows_per_s_per_thread: number;
    bytes_per_row: number;
    rows: number;
    scaling: ScalingPoint[];
    peak_rss_bytes: number;
    worker_peak_bytes: number;
  };
  /** Every table of the run at the most threads: rows, bytes per row, rows/s and per thread. */
  tables: Record<string, { rows: number; bytes_per_row: number; rows_per_s: number; rows_per_s_per_thread: number }>;
  duckdb_native: {
    threads: number;
    rows: number;
    rows_per_s: number;
    bytes_per_row: number;
    /** Sprint's heartbeat rows/s ÷ DuckDB's, on the same threads. */
    ratio: number;
    by_threads: {
      threads: number;
      seconds: number;
      rows_per_s: number;
      bytes_per_row: number;
      ratio: number;
      cpu_use: number;
      rows_per_cpu_s: number;
      /** Sprint's heartbeat rows per CPU-second ÷ DuckDB's: the ratio with the machine's noise taken out. */
      cpu_ratio: number;
    }[];
  };
  encounters: {
    teams_per_session: number;
    sessions: number | null;
    centroids: number | null;
    close_pairs: number | null;
    encounters: number | null;
    digest_s: number | null;
    all_pairs_s: number | null;
    speedup: number | null;
    identical: boolean;
    error?: string;
  }[];
  warehouse: {
    heartbeat_rows_per_s: number | null;
    heartbeat_rows?: number;
    threads?: number;
    seconds?: number;
    model_seconds?: number;
    models_heartbeat_rows_per_s?: number;
    slowest_models?: { model: string; seconds: number }[];
    reason?: string;
  };
  projection: {
    players: number;
    days: number;
    threads: number;
    rows: number;
    heartbeat_rows: number;
    rows_by_table: Record<string, number>;
    bytes: number;
    /** From the measured wall-clock rates and scaling. */
    seconds: number;
    /** From CPU time: the wall time had every thread a core to itself. */
    seconds_at_full_cores: number;
    rows_per_player_day: number;
    assumptions: string[];
  };
  /** A slice of whole days of the full world, with DuckDB on the same rows and threads (scaleCase.ts). */
  scale: {
    players: number;
    days: number;
    shard: string;
    day_units: number;
    threads: number;
    seconds: number;
    cpu_use: number;
    heartbeat_rows: number;
    heartbeat_rows_per_s: number;
    heartbeat_bytes_per_row: number;
    duckdb_seconds: number;
    duckdb_rows_per_s: number;
    duckdb_bytes_per_row: number;
    /** Sprint's heartbeat rows/s ÷ DuckDB's on the same rows and threads. */
    ratio: number;
    /** The same per CPU-second: the ratio with the machine's noise taken out. */
    cpu_ratio: number;
    peak_rss_bytes: number;
    files: number;
    large_file_share: number;
    heartbeat_file_bytes: { median: number; max: number };
    projection: { threads: number; day_units: number; files: number; heartbeat_rows: number; bytes: number; seconds: number; seconds_at_full_cores: number; assumptions: string[] };
  };
  /** The warehouse at scale (issue 12) on the dense world it names, each build in its own process. */
  warehouse_scale: WarehouseScaleResult;
  /** The same on a complete world whose days carry the full world's daily heartbeat volume. */
  warehouse_full_scale_days: WarehouseScaleResult;
  /** Issues 4, 11 and 12's targets against these figures (for people; never asserted by tests). */
  targets: TargetCheck[];
}

/** The warehouse measured on one complete world. */
export interface WarehouseScaleResult {
  players: number;
  days: number;
  heartbeats_per_day: number;
  threads: number;
  memory_limit: string;
  heartbeat_rows: number;
  seconds: number;
  heartbeat_rows_per_s: number;
  /** CPU seconds over wall seconds, in percent: 200 is both of two cores busy. */
  cpu_percent: number;
  peak_rss_bytes: number;
  slowest: { step: string; seconds: number }[];
  simulate_seconds: number;
  /** The build's time over the simulate time of the same lake: under 1 means the warehouse keeps up. */
  build_to_simulate: number;
  append: { seconds: number; partitions_redone: number; heartbeat_partitions_digested: number; ratio_to_full_build: number };
}

export interface ScalingPoint {
  threads: number;
  seconds: number;
  rows_per_s: number;
  rows_per_s_per_thread: number;
  /** rows/s ÷ (threads × the one-thread rows/s): 1 is perfect scaling. */
  efficiency: number;
  /** CPU seconds ÷ (threads × seconds): how much of its cores the run actually got. */
  cpu_use: number;
  /** Heartbeat rows per CPU-second of all its threads: the code's cost, whatever else ran beside it. */
  rows_per_cpu_s: number;
  units: number;
  /** When the first unit finished: pool start-up plus one unit, the run's fixed cost. */
  first_unit_s: number;
  peak_rss_bytes: number;
  worker_peak_bytes: number;
}

export function toBenchResult(m: Measurements): BenchResult {
  const heartbeats = (run: SimulateRun) => run.rows.heartbeats ?? 0;
  const rate = (run: SimulateRun) => heartbeats(run) / run.seconds;
  const first = m.sprint[0]!;
  const last = m.sprint.at(-1)!;
  const perThread = rate(first) / first.threads;
  const scaling: ScalingPoint[] = m.sprint.map((run) => ({
    threads: run.threads,
    seconds: run.seconds,
    rows_per_s: rate(run),
    rows_per_s_per_thread: rate(run) / run.threads,
    efficiency: rate(run) / (run.threads * perThread),
    cpu_use: run.cpuSeconds / (run.threads * run.seconds),
    rows_per_cpu_s: heartbeats(run) / run.cpuSeconds,
    units: run.units,
    first_unit_s: run.firstUnitSeconds,
    peak_rss_bytes: run.peakRssBytes,
    worker_peak_bytes: run.workerPeakBytes,
  }));
  const tables: BenchResult['tables'] = {};
  for (const [table, rows] of Object.entries(last.rows).sort((a, b) => b[1] - a[1])) {
    tables[table] = {
      rows,
      bytes_per_row: (last.bytes[table] ?? 0) / rows,
      rows_per_s: rows / last.seconds,
      rows_per_s_per_thread: rows / last.seconds / last.threads,
    };
  }
  const byThreads = m.yardstick.map((run, index) => ({
    threads: run.threads,
    seconds: run.seconds,
    rows_per_s: run.rows / run.seconds,
    bytes_per_row: run.bytes / run.rows,
    ratio: rate(m.sprint[index]!) / (run.rows / run.seconds),
    cpu_use: run.cpuSeconds / (run.threads * run.seconds),
    rows_per_cpu_s: run.rows / run.cpuSeconds,
    cpu_ratio: heartbeats(m.sprint[index]!) / m.sprint[index]!.cpuSeconds / (run.rows / run.cpuSeconds),
  }));
  const duckdbLast = byThreads.at(-1)!;
  const bytesPerRow = Object.fromEntries(Object.entries(tables).map(([table, t]) => [table, t.bytes_per_row]));
  const projection = projectFullScale({
    target: m.options.projection,
    shape: m.shape,
    bytesPerRow,
    heartbeatRowsPerSecondPerThread: perThread,
    scalingEfficiency: scaling.at(-1)!.efficiency,
    measuredThreads: last.threads,
    heartbeatRowsPerCpuSecond: scaling[0]!.rows_per_cpu_s,
    cpuScalingEfficiency: scaling.at(-1)!.rows_per_cpu_s / scaling[0]!.rows_per_cpu_s,
    measuredRowsPerPlayerDay: Object.values(last.rows).reduce((sum, n) => sum + n, 0) / (m.options.players * m.options.days),
  });
  const result: Omit<BenchResult, 'targets'> = {
    machine: m.machine,
    options: {
      quick: m.options.quick,
      players: m.options.players,
      days: m.options.days,
      block_size: m.options.blockSize,
      threads_list: m.options.threadsList,
      repeat: m.options.repeat,
      heartbeats: 'all',
    },
    heartbeats: {
      rows_per_s_per_thread: perThread,
      bytes_per_row: (last.bytes.heartbeats ?? 0) / heartbeats(last),
      rows: heartbeats(last),
      scaling,
      peak_rss_bytes: Math.max(...m.sprint.map((run) => run.peakRssBytes)),
      worker_peak_bytes: Math.max(...m.sprint.map((run) => run.workerPeakBytes)),
    },
    tables,
    duckdb_native: { threads: duckdbLast.threads, rows: m.yardstick.at(-1)!.rows, rows_per_s: duckdbLast.rows_per_s, bytes_per_row: duckdbLast.bytes_per_row, ratio: duckdbLast.ratio, by_threads: byThreads },
    encounters: m.encounters.map((item) =>
      'error' in item
        ? { teams_per_session: item.teamsPerSession, sessions: null, centroids: null, close_pairs: null, encounters: null, digest_s: null, all_pairs_s: null, speedup: null, identical: false, error: item.error }
        : {
            teams_per_session: item.teamsPerSession,
            sessions: item.sessions,
            centroids: item.centroids,
            close_pairs: item.closePairs,
            encounters: item.encounters,
            digest_s: item.digestSeconds,
            all_pairs_s: item.everyPairSeconds,
            speedup: item.everyPairSeconds / item.digestSeconds,
            identical: item.identical,
          },
    ),
    warehouse:
      'reason' in m.warehouse
        ? { heartbeat_rows_per_s: null, reason: m.warehouse.reason }
        : {
            heartbeat_rows_per_s: m.warehouse.heartbeatRows / m.warehouse.seconds,
            heartbeat_rows: m.warehouse.heartbeatRows,
            threads: m.warehouse.threads,
            seconds: m.warehouse.seconds,
            model_seconds: m.warehouse.modelSeconds,
            models_heartbeat_rows_per_s: m.warehouse.heartbeatRows / m.warehouse.modelSeconds,
            slowest_models: m.warehouse.slowest,
          },
    scale: scaleResult(m.scale),
    warehouse_scale: warehouseScaleResult(m.warehouseScale),
    warehouse_full_scale_days: warehouseScaleResult(m.warehouseFullScaleDays),
    projection: {
      players: projection.players,
      days: projection.days,
      threads: projection.threads,
      rows: projection.rows,
      heartbeat_rows: projection.heartbeatRows,
      rows_by_table: projection.rowsByTable,
      bytes: projection.bytes,
      seconds: projection.seconds,
      seconds_at_full_cores: projection.secondsAtFullCores,
      rows_per_player_day: projection.rowsPerPlayerDay,
      assumptions: projection.assumptions,
    },
  };
  return { ...result, targets: checkTargets(result) };
}

function scaleResult(scale: ScaleCase): BenchResult['scale'] {
  const heartbeats = scale.sprint.rows.heartbeats ?? 0;
  const p = scale.projection;
  return {
    players: scale.world.players,
    days: scale.world.days,
    shard: scale.shard,
    day_units: scale.dayUnits,
    threads: scale.threads,
    seconds: scale.sprint.seconds,
    cpu_use: scale.sprint.cpuSeconds / (scale.threads * scale.sprint.seconds),
    heartbeat_rows: heartbeats,
    heartbeat_rows_per_s: heartbeats / scale.sprint.seconds,
    heartbeat_bytes_per_row: (scale.sprint.bytes.heartbeats ?? 0) / heartbeats,
    duckdb_seconds: scale.yardstick.seconds,
    duckdb_rows_per_s: scale.yardstick.rows / scale.yardstick.seconds,
    duckdb_bytes_per_row: scale.yardstick.bytes / scale.yardstick.rows,
    ratio: heartbeats / scale.sprint.seconds / (scale.yardstick.rows / scale.yardstick.seconds),
    cpu_ratio: heartbeats / scale.sprint.cpuSeconds / (scale.yardstick.rows / scale.yardstick.cpuSeconds),
    peak_rss_bytes: scale.sprint.peakRssBytes,
    files: scale.files,
    large_file_share: scale.largeFileShare,
    heartbeat_file_bytes: scale.heartbeatFileBytes,
    projection: {
      threads: p.threads,
      day_units: p.dayUnits,
      files: p.files,
      heartbeat_rows: p.heartbeatRows,
      bytes: p.bytes,
      seconds: p.seconds,
      seconds_at_full_cores: p.secondsAtFullCores,
      assumptions: p.assumptions,
    },
  };
}

function warehouseScaleResult(scale: WarehouseScaleCase): WarehouseScaleResult {
  const w = scale.warehouse;
  return {
    players: scale.players,
    days: scale.days,
    heartbeats_per_day: w.heartbeatRows / scale.days,
    threads: scale.threads,
    memory_limit: scale.memoryLimit,
    heartbeat_rows: w.heartbeatRows,
    seconds: w.seconds,
    heartbeat_rows_per_s: w.heartbeatRowsPerSecond,
    cpu_percent: w.cpuPercent,
    peak_rss_bytes: w.peakRssBytes,
    slowest: w.slowest.map(({ model, seconds }) => ({ step: model, seconds })),
    simulate_seconds: scale.simulate.seconds,
    build_to_simulate: w.seconds / scale.simulate.seconds,
    append: {
      seconds: w.append.seconds,
      partitions_redone: w.append.partitionsRedone,
      heartbeat_partitions_digested: w.append.heartbeatPartitionsDigested,
      ratio_to_full_build: w.append.ratioToFullBuild,
    },
  };
}
