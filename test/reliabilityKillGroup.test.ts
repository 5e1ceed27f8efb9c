import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { parquetFiles, readLakeManifest, runSimulate, smallWorldArgs, startNpm, waitFor } from './helpers/process.js';
import { lakeFingerprints } from './helpers/processLake.js';

// What a user's Ctrl-\ of a terminal, an OOM killer or `docker kill` does: SIGKILL to every
// process of `npm run simulate`, npm included. The simulate process is left a zombie until
// something reaps it (in a container without an init, possibly never), and signal 0 still
// reaches a zombie, so a lock check by PID alone refused the resume the user types next. The
// resume here starts well within a second of the kill and must finish the lake exactly.

const DAYS = 8;
let clean: string;
let root: string;

beforeAll(async () => {
  clean = temporaryFolder('kill-group-clean');
  await simulate(clean, { days: DAYS, threads: 1 });
  root = temporaryFolder('kill-group');
});

afterAll(() => {
  removeFolder(clean);
  removeFolder(root);
});

const lockPid = (lake: string): number | null => {
  try {
    return (JSON.parse(readFileSync(path.join(lake, '_lock'), 'utf8')) as { pid: number }).pid;
  } catch {
    return null;
  }
};

describe('SIGKILL of the whole process group of npm run simulate', () => {
  it('is followed at once by a --resume that finishes the lake equal to an uninterrupted run', async () => {
    const lake = path.join(root, 'lake');
    const npm = startNpm('simulate', smallWorldArgs(lake, { days: DAYS }), { detached: true });
    const recordsUnits = () => existsSync(path.join(lake, '_manifest.json')) && Object.keys(readLakeManifest(lake).units).length > 0;
    await waitFor(() => parquetFiles(lake).length > 0 && recordsUnits() && lockPid(lake) !== null, 'the run has published and recorded units', npm, 120_000);
    const holder = lockPid(lake)!;
    process.kill(-npm.child.pid!, 'SIGKILL');
    const killedAt = Date.now();
    expect((await npm.done).signal).toBe('SIGKILL');
    expect(readLakeManifest(lake).complete, 'killed before the end').toBe(false);
    expect(lockPid(lake), 'the killed run leaves its lock behind').toBe(holder);

    const resumeStarted = Date.now();
    expect(resumeStarted - killedAt, 'the resume starts within a second of the kill').toBeLessThan(1_000);
    const resumed = await runSimulate([...smallWorldArgs(lake, { days: DAYS }), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readLakeManifest(lake).complete).toBe(true);
    expect(existsSync(path.join(lake, '_lock')), 'released at the end').toBe(false);
    expect(await lakeFingerprints(lake)).toEqual(await lakeFingerprints(clean));
    expect(parquetFiles(lake)).toEqual(parquetFiles(clean));
  });
});
