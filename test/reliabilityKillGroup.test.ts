import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { parquetFiles, readLakeManifest, runSimulate, smallWorldArgs, startCommand, startNpm, waitFor, type RunningCli } from './helpers/process.js';
import { lakeFingerprints } from './helpers/processLake.js';

// What an OOM killer, `docker kill` or `kill -9 -PGID` does: SIGKILL to every process of
// `npm run simulate`, npm included. The simulate process is left a zombie until something reaps
// it (in a container without an init, possibly never), and signal 0 still reaches a zombie, so a
// lock check by PID alone refused the resume the user types next. The resume here starts within
// a second of the kill and must finish the lake exactly.
//
// Where python3 can make itself a child subreaper, npm runs under one that never reaps: the
// orphaned simulate process then stays a zombie, as under a container without an init, and the
// test checks it is one. Elsewhere the machine's init may reap it first; the zombie case itself
// is pinned in reliabilityLockTakeover.test.ts either way.

const DAYS = 8;
let clean: string;
let root: string;
let keeper: RunningCli | null = null;

beforeAll(async () => {
  clean = temporaryFolder('kill-group-clean');
  await simulate(clean, { days: DAYS, threads: 1 });
  root = temporaryFolder('kill-group');
});

afterAll(() => {
  keeper?.child.kill('SIGKILL');
  removeFolder(clean);
  removeFolder(root);
});

/** Becomes a child subreaper (PR_SET_CHILD_SUBREAPER = 36), runs the command in a session of its own, prints its pid, reaps only it. */
const NON_REAPING_SUBREAPER = `
import ctypes, subprocess, sys, time
if ctypes.CDLL(None).prctl(36, 1, 0, 0, 0) != 0: sys.exit(3)
child = subprocess.Popen(sys.argv[1:], start_new_session=True, stdout=subprocess.DEVNULL)
print(child.pid, flush=True)
child.wait()
time.sleep(600)
`;

const canKeepZombies = () => spawnSync('python3', ['-c', 'import ctypes, sys; sys.exit(ctypes.CDLL(None).prctl(36, 1, 0, 0, 0))']).status === 0;

const lockPid = (lake: string): number | null => {
  try {
    return (JSON.parse(readFileSync(path.join(lake, '_lock'), 'utf8')) as { pid: number }).pid;
  } catch {
    return null;
  }
};

const processState = (pid: number): string | null => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0]!;
  } catch {
    return null;
  }
};

describe('SIGKILL of the whole process group of npm run simulate', () => {
  it('is followed at once by a --resume that finishes the lake equal to an uninterrupted run', async () => {
    const lake = path.join(root, 'lake');
    const args = smallWorldArgs(lake, { days: DAYS });
    let group: number;
    let running: RunningCli;
    if (canKeepZombies()) {
      keeper = startCommand('python3', ['-c', NON_REAPING_SUBREAPER, 'npm', 'run', '--silent', 'simulate', '--', ...args], {});
      running = keeper;
      await waitFor(() => /^\d+\n/.test(keeper!.stdout), 'the subreaper has started npm', keeper);
      group = Number(keeper.stdout.trim());
    } else {
      running = startNpm('simulate', args, { detached: true });
      group = running.child.pid!;
    }
    const recordsUnits = () => existsSync(path.join(lake, '_manifest.json')) && Object.keys(readLakeManifest(lake).units).length > 0;
    await waitFor(() => parquetFiles(lake).length > 0 && recordsUnits() && lockPid(lake) !== null, 'the run has published and recorded units', running, 120_000);
    const holder = lockPid(lake)!;
    process.kill(-group, 'SIGKILL');
    const killedAt = Date.now();
    await waitFor(() => processState(holder) === null || processState(holder) === 'Z', 'the simulate process is dead');
    if (keeper) expect(processState(holder), 'the killed simulate process is a zombie').toBe('Z');
    expect(readLakeManifest(lake).complete, 'killed before the end').toBe(false);
    expect(lockPid(lake), 'the killed run leaves its lock behind').toBe(holder);

    const resumeStarted = Date.now();
    expect(resumeStarted - killedAt, 'the resume starts within a second of the kill').toBeLessThan(1_000);
    const resumed = await runSimulate([...args, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readLakeManifest(lake).complete).toBe(true);
    expect(existsSync(path.join(lake, '_lock')), 'released at the end').toBe(false);
    expect(await lakeFingerprints(lake)).toEqual(await lakeFingerprints(clean));
    expect(parquetFiles(lake)).toEqual(parquetFiles(clean));
  });
});
