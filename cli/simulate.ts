import { UsageError } from '../common/errors.js';
import { loadConfigFile } from '../workers/configFile.js';
import { PRESETS } from '../engine/presets.js';
import { DEFAULTS, MAX_DAYS, MAX_THREADS, validateSimulateOptions } from '../workers/options.js';
import { runSimulation } from '../workers/runSimulation.js';
import { formatCount } from '../common/formatCount.js';
import { commandLine } from './commandLine.js';
import { isEntryPoint } from './isEntryPoint.js';
import { runCli } from './runCli.js';

export async function simulateMain(argv: string[]): Promise<number> {
  const args = await commandLine(argv, 'npm run simulate --', '$0 [options]\n\nSimulates the game world and writes it as a date-partitioned Parquet lake.')
    .option('preset', { type: 'string', requiresArg: true, describe: "A named world: 'prototype' is the original prototype's (1,000 players, one year, flat patterns); its players and days apply unless given" })
    .option('players', { type: 'string', requiresArg: true, describe: `Players who sign up within the window (players/ holds exactly this many rows) [default: ${DEFAULTS.players}]` })
    .option('days', { type: 'string', requiresArg: true, describe: `Days simulated, 1 to ${MAX_DAYS} [default: ${DEFAULTS.days}]` })
    .option('start-date', { type: 'string', requiresArg: true, default: DEFAULTS.startDate, describe: 'First simulated UTC day, YYYY-MM-DD' })
    .option('seed', { type: 'string', requiresArg: true, default: DEFAULTS.seed, describe: 'Seed: the same seed and options give the same rows' })
    .option('threads', { type: 'string', requiresArg: true, describe: `Worker threads, 1 to ${MAX_THREADS} (default: this machine's cores); never changes the rows` })
    .option('out', { type: 'string', requiresArg: true, default: DEFAULTS.out, describe: 'Folder of the lake' })
    .option('heartbeats', { type: 'string', requiresArg: true, default: DEFAULTS.heartbeats, describe: "Share of sessions that log 30 s position heartbeats: 'all', 'none' or a fraction 0–1" })
    .option('shard', { type: 'string', requiresArg: true, default: DEFAULTS.shard, describe: 'Write only part i of N (counting from 0); the N parts together equal the whole lake. auto/N takes i from JOB_COMPLETION_INDEX (Kubernetes) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch)' })
    .option('block-size', { type: 'string', requiresArg: true, default: String(DEFAULTS.blockSize), describe: 'Players per work unit (part of the world: it changes matchmaking and so the rows)' })
    .option('config', { type: 'string', requiresArg: true, describe: 'JSON file overriding parts of the world model (see engine/config.ts)' })
    .option('resume', { type: 'boolean', default: false, describe: 'Finish an interrupted run in --out (same options required)' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace the Sprint lake already in --out' })
    .option('progress', { type: 'boolean', default: true, describe: 'Show progress (--no-progress to hide it)' })
    .parseAsync();

  const preset = PRESETS[args.preset ?? 'default'];
  if (!preset) throw new UsageError(`--preset must be one of ${Object.keys(PRESETS).join(', ')} (got '${args.preset}')`);
  const options = validateSimulateOptions({
    players: args.players ?? preset.players,
    days: args.days ?? preset.days,
    startDate: args['start-date'],
    seed: args.seed,
    threads: args.threads,
    out: args.out,
    heartbeats: args.heartbeats,
    shard: args.shard,
    blockSize: args['block-size'],
    resume: args.resume,
    force: args.force,
    progress: args.progress,
    config: args.config === undefined ? preset.config : loadConfigFile(args.config, preset.config),
  });

  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping workers and saving the manifest…\n`);
    interrupt.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const summary = await runSimulation(options, { signal: interrupt.signal });
  const totalRows = Object.values(summary.rows).reduce((s, n) => s + n, 0);
  const totalBytes = Object.values(summary.bytes).reduce((s, n) => s + n, 0);
  process.stdout.write(
    `simulate: wrote ${formatCount(totalRows)} rows in ${summary.files} files (${(totalBytes / 1e6).toFixed(1)} MB) to ${summary.out} in ${summary.seconds.toFixed(1)} s` +
      ` (${formatCount(totalRows / summary.seconds)} rows/s, ${options.threads} threads)` +
      (summary.unitsSkipped > 0 ? `; ${summary.unitsSkipped} units were already done` : '') +
      `\n  ${Object.entries(summary.rows).map(([t, n]) => `${t} ${formatCount(n)}`).join(', ')}` +
      `\n  lake ${summary.complete ? 'complete (_SUCCESS written)' : `partial: ${summary.waitingFor ?? 'other shards pending'}`}; peak RSS ${mib(summary.peakRssBytes)} MiB (the process, all threads);` +
      ` largest worker: heap ${mib(summary.workerPeak.heapBytes)} MiB, buffers ${mib(summary.workerPeak.externalBytes)} MiB, wasm ${mib(summary.workerPeak.wasmBytes)} MiB\n`,
  );
  return 0;
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

if (isEntryPoint(import.meta.url)) await runCli(simulateMain);
