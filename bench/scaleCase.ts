import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, manifestFolder } from '../partitions/layout.js';
import type { LakeManifest } from '../partitions/manifest.js';
import { duckdbYardstick, type YardstickRun } from './duckdbYardstick.js';
import { simulateOnce, type SimulateRun, type WorldSize } from './simulateThroughput.js';

/**
 * The full world's own shape, measured on a slice of it: `--shard i/N` of `--players 20000000
 * --days 730` holds a handful of whole full-scale days (every N-th unit of the plan, so days from
 * the launch to the second year), with their real unit sizes, densities and files. DuckDB writes
 * the same number of heartbeat-shaped rows on the same threads right after, and the whole lake is
 * projected from the slice by the plan's unit counts.
 */
export interface ScaleCaseOptions {
  world: WorldSize;
  /** Whole days in the slice. */
  days: number;
  threads: number;
  /** Threads of the projected full run. */
  projectThreads: number;
}

export interface ScaleCase {
  world: WorldSize;
  shard: string;
  dayUnits: number;
  threads: number;
  sprint: SimulateRun;
  yardstick: YardstickRun;
  /** Heartbeat bytes in files of at least LARGE_FILE_BYTES, over all heartbeat bytes. */
  largeFileShare: number;
  files: number;
  heartbeatFileBytes: { median: number; max: number };
  projection: {
    threads: number;
    dayUnits: number;
    files: number;
    heartbeatRows: number;
    bytes: number;
    seconds: number;
    secondsAtFullCores: number;
    assumptions: string[];
  };
}

/** Readers' smallest comfortable file (DuckDB advises 100 MB–10 GB; Spark and Trino slow down below tens of MB). */
export const LARGE_FILE_BYTES = 64 * 2 ** 20;

/** Units before the first day unit: the product catalog and one per players block. */
function dimensionUnits(world: WorldSize): number {
  return 1 + Math.ceil(world.players / world.blockSize);
}

/**
 * The shard that holds `days` whole days and no dimension unit: every N-th unit of the plan from
 * an index past the dimensions, so the slice's days spread over the whole window.
 */
export function sliceShard(world: WorldSize, days: number): { index: number; count: number } {
  const units = dimensionUnits(world) + world.days;
  const count = Math.max(dimensionUnits(world) + 1, Math.floor(units / Math.max(1, days)));
  return { index: dimensionUnits(world) + ((count - dimensionUnits(world)) >> 1), count };
}

export async function runScaleCase(options: ScaleCaseOptions, lake: string, duckdbOut: string): Promise<ScaleCase> {
  const shard = sliceShard(options.world, options.days);
  const spec = `${shard.index}/${shard.count}`;
  const sprint = await simulateOnce(options.world, options.threads, lake, spec);
  const manifest = JSON.parse(readFileSync(path.join(manifestFolder(lake, shard), MANIFEST_FILE), 'utf8')) as LakeManifest;
  const files = Object.values(manifest.units).flatMap((unit) => unit.files);
  const heartbeatFiles = files.filter((file) => file.table === 'heartbeats').map((file) => file.bytes).sort((a, b) => a - b);
  const heartbeatBytes = heartbeatFiles.reduce((sum, bytes) => sum + bytes, 0);
  const dayUnits = Object.keys(manifest.units).length;
  const yardstick = await duckdbYardstick(sprint.rows.heartbeats ?? 0, dayUnits, options.threads, duckdbOut);

  const scale = options.world.days / dayUnits;
  const totalBytes = Object.values(sprint.bytes).reduce((sum, bytes) => sum + bytes, 0);
  const parallel = options.projectThreads / options.threads;
  return {
    world: options.world,
    shard: spec,
    dayUnits,
    threads: options.threads,
    sprint,
    yardstick,
    largeFileShare: heartbeatBytes === 0 ? 0 : heartbeatFiles.filter((bytes) => bytes >= LARGE_FILE_BYTES).reduce((sum, bytes) => sum + bytes, 0) / heartbeatBytes,
    files: files.length,
    heartbeatFileBytes: { median: heartbeatFiles[heartbeatFiles.length >> 1] ?? 0, max: heartbeatFiles.at(-1) ?? 0 },
    projection: {
      threads: options.projectThreads,
      dayUnits: options.world.days,
      files: Math.round((files.length / dayUnits) * options.world.days) + dimensionUnits(options.world),
      heartbeatRows: (sprint.rows.heartbeats ?? 0) * scale,
      bytes: totalBytes * scale,
      seconds: (sprint.seconds * scale) / parallel,
      secondsAtFullCores: (sprint.cpuSeconds * scale) / options.projectThreads,
      assumptions: [
        `the slice's ${dayUnits} days (every ${shard.count}-th unit of the plan) stand for all ${options.world.days}: the full lake is ${scale.toFixed(1)}× the slice in rows, bytes, files and time`,
        `files: ${(files.length / dayUnits).toFixed(2)} per day unit as measured, plus one per players block and the product catalog`,
        `time: the slice's wall time × ${scale.toFixed(1)}, on ${options.projectThreads} threads scaling linearly from ${options.threads} (every day is a unit, so ${options.projectThreads} threads have ${Math.floor(options.world.days / options.projectThreads)} units each)`,
        'the players dimension (one file per block) is not in the slice; it adds about 5.5 bytes per player',
      ],
    },
  };
}
