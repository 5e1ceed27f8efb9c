import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { parquetFiles, readLakeManifest, runSimulate, smallWorldArgs, startSimulate, temporaryFiles, waitFor } from './helpers/process.js';
import { expectNothingFalselyComplete, lakeFingerprints } from './helpers/processLake.js';

// Ctrl-C in a terminal and SIGTERM from a service manager or `docker stop` must stop the workers,
// save what is done, release the lock and tell the user how to go on. Aborting the pool makes the
// tasks in flight fail; this file guards against those failures being reported as a crash (exit 1,
// "a worker failed") instead of an interruption (exit 130, "resume with --resume").

const DAYS = 8;
let clean: string;
let cleanFiles: number;
let cleanFingerprints: Record<string, string>;
const folders: string[] = [];

beforeAll(async () => {
  clean = temporaryFolder('signal-clean');
  await simulate(clean, { days: DAYS, threads: 1 });
  cleanFiles = parquetFiles(clean).length;
  cleanFingerprints = await lakeFingerprints(clean);
});

afterAll(() => {
  for (const folder of [clean, ...folders]) removeFolder(folder);
});

describe.each(['SIGINT', 'SIGTERM'] as const)('a simulate sent %s', (signal) => {
  let lake: string;
  let interrupted: Awaited<ReturnType<typeof runSimulate>>;

  beforeAll(async () => {
    const root = temporaryFolder(`signal-${signal}`);
    folders.push(root);
    lake = path.join(root, 'lake');
    const running = startSimulate(smallWorldArgs(lake, { days: DAYS }));
    // Mid-run, with units in flight, so the workers really have to be stopped.
    await waitFor(() => parquetFiles(lake).length >= cleanFiles * 0.3, '30% of the files are published', running);
    running.child.kill(signal);
    interrupted = await running.done;
  });

  it('exits with code 130 and says, in its last line, to resume with --resume', () => {
    expect(interrupted.code, interrupted.stderr).toBe(130);
    const lines = interrupted.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^error: interrupted; \d+ of \d+ units are safely in .*--resume$/);
    expect(interrupted.stderr, 'no stack trace').not.toMatch(/^\s+at /m);
  });

  it('leaves a resumable lake: lock released, manifest saved, no temporary files, nothing claiming to be complete', async () => {
    expect(existsSync(path.join(lake, '_lock'))).toBe(false);
    expect(temporaryFiles(lake)).toEqual([]);
    expect(Object.keys(readLakeManifest(lake).units).length).toBeGreaterThan(0);
    await expectNothingFalselyComplete(lake);
  });

  // Both signals reach the same handler; the resumed lake is compared once, after SIGTERM, to keep
  // the suite short (reliabilityKill.test.ts compares resumes after three kills).
  if (signal !== 'SIGTERM') return;
  it('is finished by --resume into a lake equal to an uninterrupted run', async () => {
    const resumed = await runSimulate([...smallWorldArgs(lake, { days: DAYS }), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/units were already done/);
    expect(await lakeFingerprints(lake)).toEqual(cleanFingerprints);
    expect(parquetFiles(lake).length).toBe(cleanFiles);
  });
});
