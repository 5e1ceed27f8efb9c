import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { runSimulate, smallWorldArgs, stderrLines, temporaryFiles, type CliResult } from './helpers/process.js';
import { skipOutsideCi } from './helpers/environment.js';
import { expectNothingFalselyComplete, lakeFingerprints } from './helpers/processLake.js';

// A full disk is the most common way a long run dies on its own. The real error path is taken
// by running onto a real filesystem that fills up: a 1 MiB tmpfs, about half of what this lake
// needs, so workers fail mid-file with ENOSPC while the manifest may also fail to save. The run
// must say so in one line with the way out, and after space is freed (the tmpfs is remounted
// larger, contents kept) --resume must finish the same lake an uninterrupted run writes.
// The write that fills a disk often succeeds short (write(2) returns fewer bytes than asked) and
// only the next one fails; a writer that ignores the count publishes a truncated file under its
// final name, which the second test catches by decoding every published file.
// Mounting needs root and a kernel that allows it; elsewhere the file is skipped, saying why,
// except under CI, where not being able to mount is a failure.

const DAYS = 8;
let mountPoint: string;
let mounted = false;
let whyNot = '';

beforeAll(() => {
  mountPoint = temporaryFolder('disk-full');
  if (process.getuid?.() !== 0) {
    whyNot = 'not running as root, so no small filesystem can be mounted';
    return;
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    whyNot = `mounting a tmpfs failed (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
  }
});

afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint]);
  removeFolder(mountPoint);
});

describe('simulate onto a disk that fills up', () => {
  let lake: string;
  let full: CliResult;

  it('stops with one line saying the disk is full and to rerun with --resume', async (context) => {
    if (!mounted) skipOutsideCi(context, whyNot);
    lake = path.join(mountPoint, 'lake');
    full = await runSimulate(smallWorldArgs(lake, { days: DAYS }));
    expect(full.code, full.stderr).toBe(1);
    expect(stderrLines(full)).toEqual([`error: the disk holding ${lake} is full; free some space, then rerun with the same options plus --resume`]);
  });

  it('leaves a lake with nothing claiming to be complete, no temporary files and its lock released', async (context) => {
    if (!mounted) skipOutsideCi(context, whyNot);
    await expectNothingFalselyComplete(lake);
    // Half-written temporary files would keep holding the space the user is about to free.
    expect(temporaryFiles(lake)).toEqual([]);
    expect(existsSync(path.join(lake, '_lock'))).toBe(false);
  });

  it('is finished by --resume once space is freed, equal to an uninterrupted run', async (context) => {
    if (!mounted) skipOutsideCi(context, whyNot);
    execFileSync('mount', ['-o', 'remount,size=64m', mountPoint]);
    const resumed = await runSimulate([...smallWorldArgs(lake, { days: DAYS }), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const clean = temporaryFolder('disk-full-clean');
    try {
      await simulate(clean, { days: DAYS, threads: 1 });
      expect(await lakeFingerprints(lake)).toEqual(await lakeFingerprints(clean));
    } finally {
      removeFolder(clean);
    }
  });
});
