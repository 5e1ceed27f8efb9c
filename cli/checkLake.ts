import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../common/errors.js';
import { SHARDS_FOLDER } from '../partitions/layout.js';
import { readManifest } from '../partitions/manifest.js';
import { assertLakeComplete } from '../workers/lakeCompletion.js';
import { plannedUnitCount } from '../workers/plannedUnits.js';
import { commandLine } from './commandLine.js';
import { isEntryPoint } from './isEntryPoint.js';
import { runCli } from './runCli.js';

/**
 * `npm run check-lake`: whether a lake written by one run or assembled by N machines is whole.
 * On success it writes `_SUCCESS` (and, for shards, the merged `_manifest.json`); otherwise one
 * line names the missing or duplicated shard, the unfinished unit or the damaged file, exit 1.
 */
export async function checkLakeMain(argv: string[]): Promise<number> {
  const args = await commandLine(argv, 'npm run check-lake --', '$0 [options]\n\nChecks that every unit of a lake is there exactly once (every shard, if N machines wrote it) and writes _SUCCESS.')
    .option('lake', { type: 'string', requiresArg: true, default: 'data/lake', describe: 'Root folder of the lake' })
    .parseAsync();
  const lake = args.lake;
  const shardFolders = (await readdir(path.join(lake, SHARDS_FOLDER)).catch(() => [] as string[])).sort();
  const sample = (await readManifest(lake).catch(() => null)) ?? (shardFolders[0] ? await readManifest(path.join(lake, SHARDS_FOLDER, shardFolders[0])).catch(() => null) : null);
  if (!sample) throw new UsageError(`--lake ${lake} holds no readable Sprint manifest; write one with npm run simulate -- --out ${lake}`);
  const result = await assertLakeComplete(lake, plannedUnitCount(sample.params));
  process.stdout.write(`check-lake: ${lake} is complete: ${result.units} units in ${result.files} files from ${result.shards} shard${result.shards === 1 ? '' : 's'}; _SUCCESS written\n`);
  return 0;
}

if (isEntryPoint(import.meta.url)) await runCli(checkLakeMain);
