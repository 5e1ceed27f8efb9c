import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Piscina } from 'piscina';
import { MANIFEST_FILE, SUCCESS_FILE } from '../partitions/layout.js';
import { SprintError } from '../common/errors.js';
import { parseIsoDate } from '../engine/calendar.js';
import { createWorld, type WorldParams } from '../engine/world.js';
import { writeManifest, type LakeManifest, type ManifestParams } from '../partitions/manifest.js';
import { removeTemporaryFiles } from '../partitions/atomicWrite.js';
import type { UnitResult } from './unitTask.js';
import { planUnits, unitName, type UnitTask, type WorkUnit } from './workUnits.js';
import { prepareLake } from './prepareLake.js';
import { createProgressReporter, type ProgressReporter } from './progress.js';
import type { SimulateOptions } from './options.js';
import { workerBundle } from './workerBundle.js';
import { completeLake } from './lakeCompletion.js';

export interface SimulationSummary {
  out: string;
  unitsPlanned: number;
  unitsWritten: number;
  /** Units already in the manifest (a resumed run) and so not written again. */
  unitsSkipped: number;
  rows: Record<string, number>;
  bytes: Record<string, number>;
  files: number;
  seconds: number;
  /** Whether the whole lake is done (every shard of it) and `_SUCCESS` written. */
  complete: boolean;
  /** For a shard that finished before the others: what the lake still waits for. */
  waitingFor?: string;
  /** Peak resident memory of the whole process, workers included (they are threads of it). */
  peakRssBytes: number;
  /** The largest memory any one worker reported: its JS heap, buffers outside it, and wasm. */
  workerPeak: UnitResult['memory'];
}

/** Thrown when the run was stopped by a signal: the lake is consistent and resumable. */
export class InterruptedError extends SprintError {
  constructor(message: string) {
    super(message, { exitCode: 130 });
  }
}

const MANIFEST_INTERVAL_MS = 1000;

export async function runSimulation(options: SimulateOptions, controls: { signal?: AbortSignal; reporter?: ProgressReporter } = {}): Promise<SimulationSummary> {
  const started = performance.now();
  const params: WorldParams = {
    seed: options.seed,
    players: options.players,
    days: options.days,
    startEpochDay: parseIsoDate(options.startDate)!,
    blockSize: options.blockSize,
    heartbeatShare: options.heartbeatShare,
    config: options.config,
  };
  const world = createWorld(params);
  const allUnits = planUnits(world, { index: 0, count: 1 });
  const myUnits = planUnits(world, options.shard);
  const bundle = await workerBundle();
  const manifestParams: ManifestParams = {
    seed: params.seed,
    players: params.players,
    days: params.days,
    startDate: options.startDate,
    blockSize: params.blockSize,
    heartbeatShare: params.heartbeatShare,
    config: params.config,
  };
  const lake = await prepareLake(
    options.out,
    {
      params: manifestParams,
      engine: { bundle: bundle.hash, node: process.version, v8: process.versions.v8 },
      shard: options.shard,
      units: new Set(myUnits.map(unitName)),
    },
    options,
  );
  const { manifest } = lake;
  const todo = myUnits.filter((unit) => !(unitName(unit) in manifest.units));
  // A lake being written is not whole, whatever an earlier check found (a shard written again).
  if (todo.length > 0) await forgetCompletion(options.out, options.shard.count > 1);
  const reporter = controls.reporter ?? createProgressReporter(options.progress);
  const summary: SimulationSummary = {
    out: options.out,
    unitsPlanned: myUnits.length,
    unitsWritten: 0,
    unitsSkipped: myUnits.length - todo.length,
    rows: {},
    bytes: {},
    files: 0,
    seconds: 0,
    complete: false,
    peakRssBytes: 0,
    workerPeak: { heapBytes: 0, externalBytes: 0, wasmBytes: 0 },
  };
  const pool = new Piscina<UnitTask, UnitResult>({
    filename: bundle.url.href,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 60_000,
    // The bundle is plain JavaScript: workers need none of the parent's loaders (tsx).
    execArgv: [],
  });
  const stop = new AbortController();
  let failure: unknown = null;
  const fail = (error: unknown) => {
    failure ??= error;
    stop.abort();
  };
  const saver = new ManifestSaver(lake.folder, manifest, fail);
  const onAbort = () => stop.abort();
  controls.signal?.addEventListener('abort', onAbort, { once: true });
  // A Ctrl-C while the lake was being prepared has already fired, and would be missed.
  if (controls.signal?.aborted) stop.abort();
  reporter.start(myUnits.length, summary.unitsSkipped);

  try {
    await runAll(todo, options.threads * 2, stop.signal, async (unit) => {
      const result = await pool.run({ lakeRoot: options.out, params, unit }, { signal: stop.signal });
      manifest.units[result.unit] = { files: result.files };
      record(summary, result);
      reporter.update(summary.unitsSkipped + summary.unitsWritten, summary.rows);
      saver.soon();
    }).catch(fail);
  } finally {
    controls.signal?.removeEventListener('abort', onAbort);
    reporter.stop();
    await pool.destroy();
    // Saved even after a failure, since it records the units that did finish; if the save itself
    // fails (a full disk), that is the run's failure, and the lock is released all the same.
    await saver.now().catch(fail);
    // Workers stopped mid-file leave temporary files; on a full disk they hold the space the user
    // is about to free. No other writer can own them: the pool is gone and the lock is still ours.
    if (stop.signal.aborted) await removeTemporaryFiles(options.out, lake.ownsFile).catch(() => undefined);
    await lake.release();
  }

  // The last shard to finish (any of them, if they finish together: the marker is idempotent)
  // finds the lake whole, merges the shards' manifests and writes _SUCCESS.
  if (manifest.complete && !failure && !controls.signal?.aborted) {
    const completion = await completeLake(options.out, allUnits.length);
    summary.complete = completion.complete;
    if (!completion.complete) summary.waitingFor = completion.reason;
  }
  summary.seconds = (performance.now() - started) / 1000;
  summary.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  // Interruption first: aborting the pool makes the tasks in flight fail, and those failures are
  // the interruption's doing, not a worker's.
  if (controls.signal?.aborted) {
    throw new InterruptedError(`interrupted; ${summary.unitsSkipped + summary.unitsWritten} of ${myUnits.length} units are safely in ${options.out}. Resume with the same options plus --resume`);
  }
  if (failure) throw explainFailure(failure, options.out);
  return summary;
}

async function forgetCompletion(out: string, sharded: boolean): Promise<void> {
  await rm(path.join(out, SUCCESS_FILE), { force: true });
  if (sharded) await rm(path.join(out, MANIFEST_FILE), { force: true });
}

/** Runs `work` over the units with at most `width` in flight, stopping early on abort. */
async function runAll(units: WorkUnit[], width: number, signal: AbortSignal, work: (unit: WorkUnit) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < units.length && !signal.aborted) await work(units[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, units.length) }, lane));
}

function record(summary: SimulationSummary, result: UnitResult): void {
  summary.unitsWritten++;
  for (const file of result.files) {
    summary.rows[file.table] = (summary.rows[file.table] ?? 0) + file.rows;
    summary.bytes[file.table] = (summary.bytes[file.table] ?? 0) + file.bytes;
    summary.files++;
  }
  const peak = summary.workerPeak;
  peak.heapBytes = Math.max(peak.heapBytes, result.memory.heapBytes);
  peak.externalBytes = Math.max(peak.externalBytes, result.memory.externalBytes);
  peak.wasmBytes = Math.max(peak.wasmBytes, result.memory.wasmBytes);
}

function explainFailure(error: unknown, out: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOSPC/.test(message)) return new SprintError(`the disk holding ${out} is full; free some space, then rerun with the same options plus --resume`);
  if (error instanceof SprintError) return error;
  return new SprintError(`a worker failed: ${message.split('\n')[0]}. The lake in ${out} is resumable: rerun with the same options plus --resume`, { cause: error });
}

/**
 * Rewrites the manifest as units finish (and once more at the end): a unit finishing after a quiet
 * interval is saved at once, a burst of them together one interval later, so a killed run loses
 * about an interval of finished work. The interval is a second, or twenty times what the last save
 * took if longer: a full-scale manifest lists ~100k files, and rewriting it every second would
 * cost as much I/O as the lake.
 */
class ManifestSaver {
  private pending: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private lastSave = -Infinity;
  private interval = MANIFEST_INTERVAL_MS;
  constructor(
    private readonly out: string,
    private readonly manifest: LakeManifest,
    /** Told when a save in the background fails, which would otherwise be an unhandled rejection that kills the process. */
    private readonly onError: (error: unknown) => void,
  ) {}
  soon(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastSave + this.interval - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastSave = performance.now();
      this.pending = this.pending.then(() => this.save()).catch(this.onError);
    }, wait);
  }
  async now(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pending;
    await writeManifest(this.out, this.manifest);
  }
  private async save(): Promise<void> {
    const started = performance.now();
    await writeManifest(this.out, this.manifest);
    this.interval = Math.max(MANIFEST_INTERVAL_MS, 20 * (performance.now() - started));
  }
}
