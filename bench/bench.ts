import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../common/errors.js';
import { commandLine } from '../cli/commandLine.js';
import { isEntryPoint } from '../cli/isEntryPoint.js';
import { runCli } from '../cli/runCli.js';
import { FULL, FULL_SCALE_DAYS, PROJECTION, QUICK, SCALE, WAREHOUSE_SCALE, validateBenchOptions } from './options.js';
import { formatReport } from './report.js';
import { runBench } from './runBench.js';

export async function benchMain(argv: string[]): Promise<number> {
  const args = await commandLine(argv, 'npm run bench --', '$0 [options]\n\nMeasures Sprint side by side with a DuckDB yardstick and with comparing every pair of teams, ' +
        'builds the warehouse over what it wrote, and projects a full-scale run. Prints tables; --json writes the figures.')
    .option('quick', { type: 'boolean', default: false, describe: `Smaller sizes, about a minute on 2 cores (${QUICK.players.toLocaleString('en-US')} players × ${QUICK.days} days)` })
    .option('threads-list', { type: 'string', describe: "Thread counts to measure, e.g. 1,2,4 (default: 1, 2, 4, … up to this machine's cores)" })
    .option('players', { type: 'string', describe: `Players of the measured world (default ${FULL.players.toLocaleString('en-US')}, --quick ${QUICK.players.toLocaleString('en-US')})` })
    .option('days', { type: 'string', describe: `Days of the measured world (default ${FULL.days}, --quick ${QUICK.days})` })
    .option('block-size', { type: 'string', describe: `Players per work unit of the measured world (default ${FULL.blockSize.toLocaleString('en-US')}, --quick ${QUICK.blockSize.toLocaleString('en-US')})` })
    .option('seed', { type: 'string', default: 'bench', describe: 'Seed of the measured world' })
    .option('encounter-centroids', { type: 'string', describe: `Team centroids per close-encounter case (default ${FULL.encounterCentroids.toLocaleString('en-US')}, --quick ${QUICK.encounterCentroids.toLocaleString('en-US')})` })
    .option('repeat', { type: 'string', default: '1', describe: 'Runs per measurement; the fastest is reported' })
    .option('work-dir', { type: 'string', describe: 'Folder for the temporary lakes and warehouse, deleted afterwards (default: the system temp folder)' })
    .option('json', { type: 'string', describe: 'Also write the figures as JSON to this file' })
    .option('project-players', { type: 'string', default: String(PROJECTION.players), describe: 'Players of the projected full-scale run' })
    .option('project-days', { type: 'string', default: String(PROJECTION.days), describe: 'Days of the projected full-scale run' })
    .option('project-threads', { type: 'string', default: String(PROJECTION.threads), describe: 'Threads of the projected full-scale run' })
    .option('scale-players', { type: 'string', describe: `Players of the scale case's world (default ${PROJECTION.players.toLocaleString('en-US')}: the full world)` })
    .option('scale-days', { type: 'string', describe: `Days of the scale case's world (default ${PROJECTION.days})` })
    .option('warehouse-players', { type: 'string', describe: `Players of the complete world the warehouse is measured on (default ${WAREHOUSE_SCALE.players.toLocaleString('en-US')}, --quick ${WAREHOUSE_SCALE.quickPlayers.toLocaleString('en-US')})` })
    .option('warehouse-days', { type: 'string', describe: `Days of that world (default ${WAREHOUSE_SCALE.days}, --quick ${WAREHOUSE_SCALE.quickDays})` })
    .option('volume-players', { type: 'string', describe: `Players of the complete world whose days carry the full world's daily volume, the warehouse's second (default ${FULL_SCALE_DAYS.players.toLocaleString('en-US')}, --quick ${FULL_SCALE_DAYS.quickPlayers.toLocaleString('en-US')})` })
    .option('volume-days', { type: 'string', describe: `Days of that world (default ${FULL_SCALE_DAYS.days}, --quick ${FULL_SCALE_DAYS.quickDays})` })
    .option('scale-slice-days', { type: 'string', describe: `Whole days of that world the scale case writes (default ${SCALE.sliceDays}, --quick ${SCALE.quickSliceDays})` })
    .parseAsync();

  const options = validateBenchOptions({
    quick: args.quick,
    threadsList: args['threads-list'],
    players: args.players,
    days: args.days,
    blockSize: args['block-size'],
    seed: args.seed,
    encounterCentroids: args['encounter-centroids'],
    repeat: args.repeat,
    workDir: args['work-dir'],
    json: args.json,
    projectPlayers: args['project-players'],
    projectDays: args['project-days'],
    projectThreads: args['project-threads'],
    scalePlayers: args['scale-players'],
    scaleDays: args['scale-days'],
    scaleSliceDays: args['scale-slice-days'],
    warehousePlayers: args['warehouse-players'],
    warehouseDays: args['warehouse-days'],
    volumePlayers: args['volume-players'],
    volumeDays: args['volume-days'],
  });

  if (options.json !== null) {
    // Checked before the bench runs, so a typo costs a second rather than the whole run.
    const folder = path.dirname(path.resolve(options.json));
    try {
      fs.accessSync(folder, fs.constants.W_OK);
    } catch {
      throw new UsageError(`--json ${options.json}: its folder ${folder} does not exist or is not writable`);
    }
  }
  const result = await runBench(options, (line) => process.stderr.write(`bench: ${line}\n`));
  process.stdout.write(formatReport(result));
  if (options.json !== null) {
    fs.writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`\nfigures written to ${options.json}\n`);
  }
  // A failed or mismatching encounter case is a broken warehouse, not a slow one: say so by the exit code.
  return result.encounters.every((e) => e.identical) ? 0 : 1;
}

if (isEntryPoint(import.meta.url)) await runCli(benchMain);
