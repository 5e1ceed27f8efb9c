import type { WorldShape } from './worldShape.js';

export interface ProjectionInputs {
  target: { players: number; days: number; threads: number };
  shape: WorldShape;
  /** Bytes per row of each table, from the measured throughput run (large files, like a full run's). */
  bytesPerRow: Record<string, number>;
  /** Measured heartbeat rows/s of one thread through the whole path, other tables included. */
  heartbeatRowsPerSecondPerThread: number;
  /** Measured rows/s at the most threads ÷ (those threads × one thread's rows/s). */
  scalingEfficiency: number;
  measuredThreads: number;
  /** Measured heartbeat rows per CPU-second of the one-thread run: its speed had it had a core to itself. */
  heartbeatRowsPerCpuSecond: number;
  /** Rows per CPU-second at the most threads ÷ at one: what running in parallel costs, stolen cores aside. */
  cpuScalingEfficiency: number;
  /** Rows per player-day of the throughput run, to show how far off scaling it directly would be. */
  measuredRowsPerPlayerDay: number;
}

export interface Projection {
  players: number;
  days: number;
  threads: number;
  rows: number;
  heartbeatRows: number;
  rowsByTable: Record<string, number>;
  bytes: number;
  seconds: number;
  /** The same from CPU time: what the wall time would be if no one else were using the cores. */
  secondsAtFullCores: number;
  rowsPerPlayerDay: number;
  assumptions: string[];
}

/** The product catalog: the same 40 rows in every world. */
const PRODUCT_ROWS = 40;

/**
 * A full-scale run extrapolated from measured figures, never run: rows from the sampled shape of a
 * full-window world, bytes from measured bytes per row, time from one thread's measured rate times
 * the threads times the measured scaling efficiency.
 */
export function projectFullScale(inputs: ProjectionInputs): Projection {
  const { target, shape } = inputs;
  const rowsByTable: Record<string, number> = { products: PRODUCT_ROWS };
  for (const [table, perPlayer] of Object.entries(shape.rowsPerPlayer)) rowsByTable[table] = Math.round(perPlayer * target.players);
  const rows = Object.values(rowsByTable).reduce((sum, n) => sum + n, 0);
  const heartbeatRows = rowsByTable.heartbeats ?? 0;
  const bytes = Object.entries(rowsByTable).reduce((sum, [table, n]) => sum + n * (inputs.bytesPerRow[table] ?? 0), 0);
  // Capped at 1: a squeezed one-thread run can make two threads look superlinear, and a projection should not bank on that.
  const efficiency = Math.min(1, inputs.scalingEfficiency);
  const rate = inputs.heartbeatRowsPerSecondPerThread * target.threads * efficiency;
  const seconds = heartbeatRows / rate;
  const cpuEfficiency = Math.min(1, inputs.cpuScalingEfficiency);
  const secondsAtFullCores = heartbeatRows / (inputs.heartbeatRowsPerCpuSecond * target.threads * cpuEfficiency);
  const rowsPerPlayerDay = rows / (target.players * target.days);
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  return {
    players: target.players,
    days: target.days,
    threads: target.threads,
    rows,
    heartbeatRows,
    rowsByTable,
    bytes,
    seconds,
    secondsAtFullCores,
    rowsPerPlayerDay,
    assumptions: [
      `rows: per player as in a ${shape.days}-day world of ${shape.players.toLocaleString('en-US')} players, simulated on ${shape.dayUnitsSampled} of its ${shape.dayUnitsTotal} days ` +
        `(evenly spread) and scaled to ${target.players.toLocaleString('en-US')} players: ${rowsPerPlayerDay.toFixed(2)} rows per player-day, ` +
        `where the ${inputs.measuredRowsPerPlayerDay.toFixed(2)} of the short throughput run would overstate it (its players are all new)`,
      `bytes: each table's measured bytes per row; full-scale files hold more rows, so they compress at least as well`,
      `time: heartbeat rows ÷ (${formatRate(inputs.heartbeatRowsPerSecondPerThread)} rows/s per thread, measured over the whole path with the other tables) ` +
        `× ${target.threads} threads × ${pct(efficiency)} scaling efficiency, as measured at ${inputs.measuredThreads} threads` +
        (target.threads > inputs.measuredThreads ? `; beyond that it assumes the disk and memory bandwidth keep up` : ''),
      `time at full cores: heartbeat rows ÷ (${formatRate(inputs.heartbeatRowsPerCpuSecond)} rows per CPU-second × ${target.threads} threads × ` +
        `${pct(cpuEfficiency)}, the CPU cost of running ${inputs.measuredThreads} threads against one): the wall time if every thread had a core to ` +
        `itself, which a shared machine's wall-clock efficiency cannot show`,
      `time: one unit per (day, block of 1,048,576 players) at full scale, so start-up and per-unit overheads that weigh on the short measured runs vanish: the time is on the safe side`,
    ],
  };
}

function formatRate(rate: number): string {
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)}M` : `${(rate / 1e3).toFixed(0)}k`;
}
