import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, temporaryFolder } from './helpers/lake.js';
import { parquetFiles, readLakeManifest, runSimulate, smallWorldArgs, startSimulate, stderrLines, waitFor, type RunningCli } from './helpers/process.js';

// Two runs writing one lake would interleave their manifests and lose units; the `_lock` file
// stops the second. But a lock must not outlive its process: after a SIGKILL or a power cut
// nobody deletes it, and a lake that could never be resumed without a manual `rm` would turn
// every crash into a support request.

const DAYS = 8;
let root: string;
let lake: string;
let first: RunningCli;

beforeAll(async () => {
  root = temporaryFolder('lock');
  lake = path.join(root, 'lake');
  first = startSimulate(smallWorldArgs(lake, { days: DAYS, threads: 1 }));
  await waitFor(() => parquetFiles(lake).length > 0, 'the first run has published a file', first);
  // Paused, not ended: its pid stays alive, so its lock is live, and it cannot finish before the
  // checks below run however slow or fast the machine is.
  first.child.kill('SIGSTOP');
});

afterAll(() => {
  if (first.child.exitCode === null) first.child.kill('SIGKILL');
  removeFolder(root);
});

const lockPid = () => (JSON.parse(readFileSync(path.join(lake, '_lock'), 'utf8')) as { pid: number }).pid;

describe('the lock on --out', () => {
  it('makes a second run into the same folder refuse while the first is running, naming its pid', async () => {
    for (const extra of [['--resume'], []]) {
      const second = await runSimulate([...smallWorldArgs(lake, { days: DAYS }), ...extra]);
      expect(second.code, second.stderr).toBe(2);
      expect(stderrLines(second)).toEqual([expect.stringMatching(new RegExp(`^error: --out .* is in use by another simulate \\(pid ${first.child.pid} on .*\\); wait for it`))]);
    }
    // The refused runs left the first run's lock in place and the first run going.
    expect(lockPid()).toBe(first.child.pid);
    expect(first.child.exitCode).toBe(null);
  });

  it('is taken over from a process that died holding it, and the lake is then finished', async () => {
    first.child.kill('SIGKILL');
    await first.done;
    expect(lockPid(), 'the killed run leaves its lock behind').toBe(first.child.pid);
    const resumed = await runSimulate([...smallWorldArgs(lake, { days: DAYS, threads: 1 }), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readLakeManifest(lake).complete).toBe(true);
    expect(existsSync(path.join(lake, '_lock')), 'released at the end').toBe(false);
  });
});
