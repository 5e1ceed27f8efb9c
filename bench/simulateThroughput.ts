import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SimulationSummary } from '../workers/runSimulation.js';

const CHILD = fileURLToPath(new URL('./simulateOnce.ts', import.meta.url));
const run = promisify(execFile);

export interface WorldSize {
  players: number;
  days: number;
  blockSize: number;
  seed: string;
}

/** One measured Sprint run: the whole path, generation to fsynced Parquet, with every table. */
export interface SimulateRun {
  threads: number;
  seconds: number;
  /** CPU time of all the run's threads: below threads × seconds when others took the cores. */
  cpuSeconds: number;
  /**
   * When the first unit finished: starting the pool (workers load the engine's bundle and
   * parquet-wasm) plus one unit. The part of `seconds` that a longer run would not grow.
   */
  firstUnitSeconds: number;
  rows: Record<string, number>;
  bytes: Record<string, number>;
  units: number;
  /** The run's process, pool threads included. */
  peakRssBytes: number;
  /** The most any one worker held at once: JS heap, buffers outside it and wasm memory. */
  workerPeakBytes: number;
}

/**
 * Runs the real coordinator with `--heartbeats all` into `lake`, with real worker threads and real
 * files. The time is the coordinator's own, from planning to the last manifest write, so it
 * includes starting the pool; the child process's own start-up is outside it.
 */
export async function simulateOnce(world: WorldSize, threads: number, lake: string, shard = '0/1'): Promise<SimulateRun> {
  const options = { ...world, threads, out: lake, heartbeats: 'all', shard, force: true };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(options)], { maxBuffer: 1 << 24 });
  const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as SimulationSummary & { cpuSeconds: number; firstUnitSeconds: number };
  const peak = summary.workerPeak;
  return {
    threads,
    seconds: summary.seconds,
    cpuSeconds: summary.cpuSeconds,
    firstUnitSeconds: summary.firstUnitSeconds,
    rows: summary.rows,
    bytes: summary.bytes,
    units: summary.unitsWritten,
    peakRssBytes: summary.peakRssBytes,
    workerPeakBytes: peak.heapBytes + peak.externalBytes + peak.wasmBytes,
  };
}
