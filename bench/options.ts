import os from 'node:os';
import { UsageError } from '../common/errors.js';
import { MAX_THREADS } from '../workers/options.js';

/** Everything a bench run needs, checked once at the edge. */
export interface BenchOptions {
  quick: boolean;
  /** Thread counts to measure, ascending; the last is the one the side-by-side steps use. */
  threadsList: number[];
  /** The world the throughput runs simulate: heartbeat-heavy, with enough units for every thread. */
  players: number;
  days: number;
  blockSize: number;
  seed: string;
  /** Centroid rows per teams-per-session case of the encounter comparison. */
  encounterCentroids: number;
  /** The sample of a full-window world the projection takes its rows per player from. */
  shape: { players: number; sampleDays: number };
  /** Runs per measurement; the fastest is kept, because noise on a shared machine only ever adds time. */
  repeat: number;
  /** Where the temporary lakes and warehouse go (deleted afterwards). */
  workDir: string;
  json: string | null;
  projection: { players: number; days: number; threads: number };
  /** The scale case: a slice of `sliceDays` whole days of this world (see scaleCase.ts). */
  scale: { players: number; days: number; blockSize: number; sliceDays: number };
  /**
   * The warehouse at scale, on complete worlds (see warehouseScale.ts): the dense world issue 12
   * names, and one whose days carry the full world's daily heartbeat volume.
   */
  warehouseScale: { dense: WarehouseWorld; fullScaleDays: WarehouseWorld; memoryLimit: string };
}

export interface WarehouseWorld {
  players: number;
  days: number;
}

/**
 * Two sizes. Full: about 20 M heartbeats a run in units of ~700k heartbeats each, so per-unit costs
 * and the pool's start-up (bundling the worker, then V8 compiling the engine in every worker) weigh about as little
 * as at full scale, where a unit holds millions. Quick: about a minute in all on two cores, with
 * small units whose fixed costs show in its rates. Blocks are a fraction of the players so every
 * thread has several units a day.
 */
export const FULL = Object.freeze({ players: 200_000, days: 14, blockSize: 50_000, encounterCentroids: 1_500_000, shape: { players: 20_000, sampleDays: 36 } });
export const QUICK = Object.freeze({ players: 30_000, days: 7, blockSize: 10_000, encounterCentroids: 300_000, shape: { players: 5_000, sampleDays: 12 } });
export const PROJECTION = Object.freeze({ players: 20_000_000, days: 730, threads: 16 });
/**
 * The warehouse at scale needs a complete lake (a slice of shards has gaps, which the warehouse
 * refuses), under the memory limit the issue measured with. Two: the dense world issue 12 names
 * (about 6M heartbeats a day), and a week of a world whose days carry what the full world's do on
 * average (13.8B heartbeats over 730 days, about 19M a day, as the scale case's slice of full-scale
 * days measures): 1.8M new players make 19.2M a day, 134M in all, about the dense world's rows in
 * a third of its days.
 */
export const WAREHOUSE_SCALE = Object.freeze({ players: 1_000_000, days: 21, quickPlayers: 20_000, quickDays: 6, memoryLimit: '2GB' });
export const FULL_SCALE_DAYS = Object.freeze({ players: 1_800_000, days: 7, quickPlayers: 40_000, quickDays: 3 });
/** The scale case slices the projected world itself: ten whole days of it (two with --quick). */
export const SCALE = Object.freeze({ sliceDays: 10, quickSliceDays: 2 });

/** The raw values as they arrive from the command line (strings, unchecked). */
export interface RawBenchOptions {
  quick?: boolean;
  threadsList?: string;
  players?: string;
  days?: string;
  blockSize?: string;
  seed?: string;
  encounterCentroids?: string;
  repeat?: string;
  workDir?: string;
  json?: string;
  projectPlayers?: string;
  projectDays?: string;
  projectThreads?: string;
  scalePlayers?: string;
  scaleDays?: string;
  scaleSliceDays?: string;
  warehousePlayers?: string;
  warehouseDays?: string;
  volumePlayers?: string;
  volumeDays?: string;
}

export function validateBenchOptions(raw: RawBenchOptions): BenchOptions {
  const quick = raw.quick === true;
  const size = quick ? QUICK : FULL;
  const blockSize = wholeNumber('--block-size', raw.blockSize, size.blockSize, 100, 1 << 20);
  const seed = raw.seed ?? 'bench';
  if (seed === '') throw new UsageError('--seed must not be empty');
  const workDir = raw.workDir ?? os.tmpdir();
  if (workDir.trim() === '') throw new UsageError('--work-dir must name a folder');
  if (raw.json !== undefined && raw.json.trim() === '') throw new UsageError('--json must name the file to write');
  return {
    quick,
    threadsList: raw.threadsList === undefined ? defaultThreadsList(os.availableParallelism()) : threadsList(raw.threadsList),
    players: wholeNumber('--players', raw.players, size.players, 100, 100_000_000),
    days: wholeNumber('--days', raw.days, size.days, 1, 3660),
    blockSize,
    seed,
    encounterCentroids: wholeNumber('--encounter-centroids', raw.encounterCentroids, size.encounterCentroids, 1_000, 100_000_000),
    shape: { ...size.shape },
    repeat: wholeNumber('--repeat', raw.repeat, 1, 1, 20),
    workDir,
    json: raw.json ?? null,
    projection: {
      players: wholeNumber('--project-players', raw.projectPlayers, PROJECTION.players, 1, 10_000_000_000),
      days: wholeNumber('--project-days', raw.projectDays, PROJECTION.days, 1, 3660),
      threads: wholeNumber('--project-threads', raw.projectThreads, PROJECTION.threads, 1, MAX_THREADS),
    },
    scale: {
      players: wholeNumber('--scale-players', raw.scalePlayers, PROJECTION.players, 100, 100_000_000),
      days: wholeNumber('--scale-days', raw.scaleDays, PROJECTION.days, 1, 3660),
      blockSize: 1 << 20,
      sliceDays: wholeNumber('--scale-slice-days', raw.scaleSliceDays, quick ? SCALE.quickSliceDays : SCALE.sliceDays, 1, 3660),
    },
    // At least two days a world: the one-day append builds the lake without its last day first.
    warehouseScale: {
      dense: {
        players: wholeNumber('--warehouse-players', raw.warehousePlayers, quick ? WAREHOUSE_SCALE.quickPlayers : WAREHOUSE_SCALE.players, 100, 100_000_000),
        days: wholeNumber('--warehouse-days', raw.warehouseDays, quick ? WAREHOUSE_SCALE.quickDays : WAREHOUSE_SCALE.days, 2, 3660),
      },
      fullScaleDays: {
        players: wholeNumber('--volume-players', raw.volumePlayers, quick ? FULL_SCALE_DAYS.quickPlayers : FULL_SCALE_DAYS.players, 100, 100_000_000),
        days: wholeNumber('--volume-days', raw.volumeDays, quick ? FULL_SCALE_DAYS.quickDays : FULL_SCALE_DAYS.days, 2, 3660),
      },
      memoryLimit: WAREHOUSE_SCALE.memoryLimit,
    },
  };
}

/** 1, 2, 4, … up to the cores, and the cores themselves: the scaling curve without a run per count. */
export function defaultThreadsList(cores: number): number[] {
  const list: number[] = [];
  for (let threads = 1; threads < cores; threads *= 2) list.push(threads);
  list.push(Math.max(1, Math.min(cores, MAX_THREADS)));
  return list;
}

function threadsList(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.some((part) => part === '') || numbers.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_THREADS)) {
    throw new UsageError(`--threads-list takes thread counts from 1 to ${MAX_THREADS} separated by commas, e.g. 1,2,4 (got '${text}')`);
  }
  return [...new Set(numbers)].sort((a, b) => a - b);
}

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = value.trim() === '' ? NaN : Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`${name} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')} (got '${value}')`);
  }
  return number;
}
