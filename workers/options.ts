import os from 'node:os';
import { UsageError } from '../common/errors.js';
import { parseIsoDate } from '../engine/calendar.js';
import { DEFAULT_CONFIG, type WorldConfig } from '../engine/config.js';
import { MAX_BLOCKS } from '../engine/simulateDay.js';
import type { ShardSpec } from './workUnits.js';

/** What a user may pass to `simulate`, as typed after validation. */
export interface SimulateOptions {
  players: number;
  days: number;
  startDate: string;
  seed: string;
  threads: number;
  out: string;
  heartbeatShare: number;
  shard: ShardSpec;
  blockSize: number;
  resume: boolean;
  force: boolean;
  progress: boolean;
  config: WorldConfig;
}

export const DEFAULTS = Object.freeze({
  players: 20_000,
  days: 730,
  startDate: '2025-01-01',
  seed: 'sprint',
  out: 'data/lake',
  heartbeats: 'all',
  shard: '0/1',
  blockSize: 1 << 20,
});

export const MAX_THREADS = 256;
export const MAX_DAYS = 3660;
/**
 * Timestamps are epoch microseconds: before 1970 they go negative (weekdays and Int64 columns
 * break), and from about 2255 they pass 2^53 and lose precision as doubles; the last start date
 * leaves room for the longest run (MAX_DAYS) well inside that.
 */
export const MIN_START_DATE = '1970-01-01';
export const MAX_START_DATE = '2200-12-31';
const MIN_BLOCK_SIZE = 100;
const MAX_BLOCK_SIZE = 1 << 20;

/** The raw values as they arrive from the command line (strings or numbers, unchecked). */
export interface RawSimulateOptions {
  players?: unknown;
  days?: unknown;
  startDate?: unknown;
  seed?: unknown;
  threads?: unknown;
  out?: unknown;
  heartbeats?: unknown;
  shard?: unknown;
  blockSize?: unknown;
  resume?: unknown;
  force?: unknown;
  progress?: unknown;
  config?: WorldConfig;
}

export function validateSimulateOptions(raw: RawSimulateOptions): SimulateOptions {
  const blockSize = integerOption('--block-size', raw.blockSize ?? DEFAULTS.blockSize, MIN_BLOCK_SIZE, MAX_BLOCK_SIZE);
  const players = integerOption('--players', raw.players ?? DEFAULTS.players, 1, MAX_BLOCKS * blockSize);
  const days = integerOption('--days', raw.days ?? DEFAULTS.days, 1, MAX_DAYS);
  const startDate = String(raw.startDate ?? DEFAULTS.startDate);
  const startDay = parseIsoDate(startDate);
  if (startDay === null) throw new UsageError(`--start-date must be a calendar date as YYYY-MM-DD (got '${startDate}')`);
  if (startDay < parseIsoDate(MIN_START_DATE)! || startDay > parseIsoDate(MAX_START_DATE)!) {
    throw new UsageError(`--start-date must be from ${MIN_START_DATE} to ${MAX_START_DATE} (got '${startDate}')`);
  }
  const seed = String(raw.seed ?? DEFAULTS.seed);
  if (seed.length === 0) throw new UsageError('--seed must not be empty');
  const threads = integerOption('--threads', raw.threads ?? os.availableParallelism(), 1, MAX_THREADS);
  const out = String(raw.out ?? DEFAULTS.out);
  if (out.trim() === '') throw new UsageError('--out must name a folder');
  if (raw.resume === true && raw.force === true) throw new UsageError('--resume and --force contradict each other: --resume keeps the lake, --force replaces it');
  return {
    players,
    days,
    startDate,
    seed,
    threads,
    out,
    heartbeatShare: heartbeatShare(raw.heartbeats ?? DEFAULTS.heartbeats),
    shard: shardSpec(raw.shard ?? DEFAULTS.shard),
    blockSize,
    resume: raw.resume === true,
    force: raw.force === true,
    progress: raw.progress !== false,
    config: raw.config ?? DEFAULT_CONFIG,
  };
}

function integerOption(name: string, value: unknown, min: number, max: number): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`${name} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')} (got '${String(value)}')`);
  }
  return number;
}

function heartbeatShare(value: unknown): number {
  const text = String(value);
  if (text === 'all') return 1;
  if (text === 'none') return 0;
  const share = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(share) || share < 0 || share > 1) {
    throw new UsageError(`--heartbeats takes 'all', 'none' or a fraction of sessions from 0 to 1 (got '${text}')`);
  }
  return share;
}

/**
 * Where an indexed batch job says which part a copy of the command is: Kubernetes Indexed Jobs set
 * JOB_COMPLETION_INDEX in every pod, AWS Batch array jobs AWS_BATCH_JOB_ARRAY_INDEX in every child.
 */
const SHARD_INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX'] as const;

function shardSpec(value: unknown, env: NodeJS.ProcessEnv = process.env): ShardSpec {
  const text = String(value);
  const auto = /^auto\/(\d+)$/.exec(text);
  if (auto) {
    const variable = SHARD_INDEX_VARIABLES.find((name) => env[name] !== undefined && env[name] !== '');
    if (!variable) throw new UsageError(`--shard ${text} takes its index from ${SHARD_INDEX_VARIABLES.join(' or ')}, and neither is set; run it as a Kubernetes Indexed Job or an AWS Batch array job, or give the index (--shard i/${auto[1]})`);
    const index = env[variable]!;
    if (!/^\d+$/.test(index)) throw new UsageError(`--shard ${text}: ${variable} is '${index}', not a whole number`);
    return shardSpec(`${index}/${auto[1]}`, env);
  }
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new UsageError(`--shard takes i/N, the i-th of N parts counting from 0 (e.g. 0/4), or auto/N inside an indexed batch job (got '${text}')`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index >= count) throw new UsageError(`--shard ${text}: i must be below N (parts are numbered 0 to ${Math.max(0, count - 1)})`);
  return { index, count };
}
