import cliProgress from 'cli-progress';
import { UsageError } from '../common/errors.js';
import { formatModelLine, formatSummary, formatTestLine, showsTestLine } from '../warehouse/buildReport.js';
import { BUILD_DEFAULTS } from '../warehouse/buildDefaults.js';
import { buildWarehouse } from '../warehouse/buildWarehouse.js';
import type { BuildOptions } from '../warehouse/buildWarehouse.js';
import { commandLine } from './commandLine.js';
import { isEntryPoint } from './isEntryPoint.js';
import { runCli } from './runCli.js';

export async function buildWarehouseMain(argv: string[]): Promise<number> {
  const args = await commandLine(argv, 'npm run build-warehouse --', '$0 [options]\n\nBuilds the DuckDB warehouse (CONTRACT §2) from a Sprint lake, then runs its data tests.')
    .option('lake', { type: 'string', requiresArg: true, default: BUILD_DEFAULTS.lake, describe: 'Root folder of the lake' })
    .option('db', { type: 'string', requiresArg: true, default: BUILD_DEFAULTS.db, describe: 'Warehouse file; replaced only when the build and its data tests pass' })
    .option('memory-limit', { type: 'string', requiresArg: true, describe: "DuckDB memory limit, e.g. '4GB' or '60%' (default: DuckDB's, 80% of RAM)" })
    .option('threads', { type: 'string', requiresArg: true, describe: "DuckDB threads (default: this machine's cores)" })
    .option('encounter-threshold', { type: 'string', requiresArg: true, default: String(BUILD_DEFAULTS.encounterThreshold), describe: 'Distance at or under which two team centroids are close' })
    .option('encounter-cooldown', { type: 'string', requiresArg: true, default: String(BUILD_DEFAULTS.encounterCooldown), describe: 'Seconds between close ticks that still continue one encounter' })
    .option('full-refresh', { type: 'boolean', default: false, describe: 'Rebuild every model from the whole lake instead of only what changed' })
    .option('progress', { type: 'boolean', default: true, describe: 'Show a progress bar for partitioned models (--no-progress to hide it)' })
    .option('verbose', { type: 'boolean', default: false, describe: 'List every data test, not only the ones that fail' })
    .parseAsync();

  const options = validateBuildOptions({
    lake: args.lake,
    db: args.db,
    memoryLimit: args['memory-limit'],
    threads: args.threads,
    encounterThreshold: args['encounter-threshold'],
    encounterCooldown: args['encounter-cooldown'],
  });
  if (args['full-refresh']) options.fullRefresh = true;

  const bar = args.progress && process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: '  {model} [{bar}] {value}/{total} partitions', clearOnComplete: true, hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : null;
  let testsHeaderPrinted = false;
  const summary = await buildWarehouse(options, {
    onStart({ lake, changedPartitions, incremental }) {
      const manifest = lake.manifest;
      const params = manifest?.params ? ` (${manifest.params.players} players, ${manifest.params.days} days from ${manifest.params.startDate})` : '';
      const state = manifest === null ? 'no manifest' : manifest.complete ? 'complete' : 'partial: more shards to come';
      process.stdout.write(
        `build-warehouse: lake ${lake.root}${params}, ${state}; ` +
          `${incremental ? `${changedPartitions} date partitions changed since the last build` : `full build of ${changedPartitions} date partitions`}\n`,
      );
    },
    onDigest(done, total) {
      if (!bar) return;
      if (done === 1) bar.start(total, 0, { model: 'heartbeat digest' });
      bar.update(done);
      if (done === total) bar.stop();
    },
    onPartition(model, done, total) {
      if (!bar) return;
      if (done === 1) bar.start(total, 0, { model: model.name });
      bar.update(done);
      if (done === total) bar.stop();
    },
    onModel(result, index, total) {
      process.stdout.write(`${formatModelLine(result, index, total)}\n`);
    },
    onTest(result) {
      if (!showsTestLine(result, args.verbose)) return;
      if (!testsHeaderPrinted) process.stdout.write('data tests:\n');
      testsHeaderPrinted = true;
      process.stdout.write(`${formatTestLine(result)}\n`);
    },
  });
  process.stdout.write(formatSummary(summary, options.db));
  return 0;
}

const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)$/i;

/** Checks the options once, at the edge, with messages that name the option and what it accepts. */
export function validateBuildOptions(raw: {
  lake: string;
  db: string;
  memoryLimit?: string | undefined;
  threads?: string | undefined;
  encounterThreshold: string;
  encounterCooldown: string;
}): BuildOptions {
  if (raw.lake.trim() === '') throw new UsageError('--lake must name the lake folder');
  if (raw.db.trim() === '') throw new UsageError('--db must name the warehouse file');
  const options: BuildOptions = {
    lake: raw.lake,
    db: raw.db,
    encounterThreshold: Number(raw.encounterThreshold),
    encounterCooldown: Number(raw.encounterCooldown),
  };
  if (!(options.encounterThreshold > 0) || !Number.isFinite(options.encounterThreshold)) {
    throw new UsageError(`--encounter-threshold must be a positive distance, got "${raw.encounterThreshold}"`);
  }
  if (!(options.encounterCooldown >= 0) || !Number.isFinite(options.encounterCooldown)) {
    throw new UsageError(`--encounter-cooldown must be a number of seconds >= 0, got "${raw.encounterCooldown}"`);
  }
  if (raw.memoryLimit !== undefined) {
    if (!MEMORY_LIMIT.test(raw.memoryLimit.trim())) {
      throw new UsageError(`--memory-limit must be a size like 4GB, 512MB or 60%, got "${raw.memoryLimit}"`);
    }
    options.memoryLimit = raw.memoryLimit.trim();
  }
  if (raw.threads !== undefined) {
    const threads = Number(raw.threads);
    if (!Number.isInteger(threads) || threads < 1 || threads > 1024) {
      throw new UsageError(`--threads must be a whole number from 1 to 1024, got "${raw.threads}"`);
    }
    options.threads = threads;
  }
  return options;
}

if (isEntryPoint(import.meta.url)) await runCli(buildWarehouseMain);
