import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { parquetFiles, readLakeManifest, runSimulate, smallWorldArgs, startSimulate, temporaryFiles, waitFor } from './helpers/process.js';
import { expectNothingFalselyComplete, lakeFingerprints } from './helpers/processLake.js';

// A machine can die at any instant of a long run. This file SIGKILLs a real simulate process
// (no handler runs, exactly like a power cut for the process) at three moments — while the very
// first files are being written, mid-way and near the end — checks each time that nothing on
// disk claims more than is true, resumes, and finally compares every table with a run that was
// never interrupted. The same lake is killed, resumed and killed again, as a flaky machine would.

const DAYS = 12;
let clean: string;
let cleanFiles: string[];
let root: string;
let lake: string;

beforeAll(async () => {
  clean = temporaryFolder('kill-clean');
  await simulate(clean, { days: DAYS, threads: 1 });
  cleanFiles = parquetFiles(clean);
  root = temporaryFolder('kill');
  lake = path.join(root, 'lake');
});

afterAll(() => {
  removeFolder(clean);
  removeFolder(root);
});

/** Starts a run into `lake`, SIGKILLs it once `ready` holds, and waits for it to be gone. */
async function killWhen(resume: boolean, ready: () => boolean, what: string): Promise<void> {
  const running = startSimulate([...smallWorldArgs(lake, { days: DAYS }), ...(resume ? ['--resume'] : [])]);
  await waitFor(ready, what, running);
  running.child.kill('SIGKILL');
  const result = await running.done;
  expect(result.signal, `the run ended before it could be killed: ${result.stderr}`).toBe('SIGKILL');
}

const publishedShare = () => parquetFiles(lake).length / cleanFiles.length;

describe('a simulate killed with SIGKILL', () => {
  it('leaves nothing that claims to be complete when killed while writing its first files', async () => {
    await killWhen(false, () => temporaryFiles(lake).length > 0, 'the first file is being written');
    await expectNothingFalselyComplete(lake);
  });

  it('leaves nothing that claims to be complete when its resume is killed mid-way', async () => {
    // Killed once the resume has both written files and recorded finished units, so the check
    // below is about what a kill leaves, not about how fast the first manifest save came.
    const recordsUnits = () => {
      try {
        return Object.keys(readLakeManifest(lake).units).length > 0;
      } catch {
        return false;
      }
    };
    await killWhen(true, () => publishedShare() >= 0.5 && recordsUnits(), 'half the files are published and recorded');
    await expectNothingFalselyComplete(lake);
    expect(Object.keys(readLakeManifest(lake).units).length, 'the manifest records finished units').toBeGreaterThan(0);
  });

  it('leaves nothing that claims to be complete when its next resume is killed near the end', async () => {
    await killWhen(true, () => publishedShare() >= 0.9, 'nine tenths of the files are published');
    // The last tenth is written fast: the run may have finished, and said so, before the signal landed.
    await expectNothingFalselyComplete(lake, clean);
  });

  it('is finished by --resume into a lake equal, row for row, to an uninterrupted run', async () => {
    const result = await runSimulate([...smallWorldArgs(lake, { days: DAYS }), '--resume']);
    expect(result.code, result.stderr).toBe(0);
    expect(readLakeManifest(lake).complete).toBe(true);
    expect(await lakeFingerprints(lake)).toEqual(await lakeFingerprints(clean));
    // The same files, no leftovers: no temporary files, no files an uninterrupted run lacks, no lock.
    expect(parquetFiles(lake)).toEqual(cleanFiles);
    expect(temporaryFiles(lake)).toEqual([]);
    expect(existsSync(path.join(lake, '_lock'))).toBe(false);
    expect(readLakeManifest(lake).units).toEqual(readLakeManifest(clean).units);
  });
});
