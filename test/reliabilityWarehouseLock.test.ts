import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { startCli, stderrLines, waitFor, type RunningCli } from './helpers/process.js';

// Two builds on one --db each work on their own copy, and whichever finishes last replaces the
// other's warehouse without a word. The second must refuse while the first is building, and a
// build killed outright must not block the next one.

let root: string;
let lake: string;
let db: string;
let first: RunningCli;

beforeAll(async () => {
  root = temporaryFolder('warehouse-lock');
  lake = path.join(root, 'lake');
  db = path.join(root, 'warehouse.duckdb');
  await simulate(lake, { players: 400, days: 4 });
});

afterAll(() => {
  if (first && first.child.exitCode === null) first.child.kill('SIGKILL');
  removeFolder(root);
});

const lockFile = () => path.join(root, '.warehouse.duckdb.lock');
const build = () => startCli('cli/buildWarehouse.ts', ['--lake', lake, '--db', db, '--threads', '1']);

describe('build-warehouse on a --db that another build holds', () => {
  it('refuses with one line naming the other build, and exit code 2', async () => {
    first = build();
    await waitFor(() => existsSync(lockFile()), 'the first build holds the lock', first);
    // Paused rather than left running, so it is still building whatever the machine's speed.
    first.child.kill('SIGSTOP');
    const second = await build().done;
    expect(second.code, second.stderr).toBe(2);
    expect(stderrLines(second)).toEqual([expect.stringMatching(new RegExp(`^error: --db .*warehouse\\.duckdb is being built by another build-warehouse \\(pid ${first.child.pid} on `))]);
    expect(second.stdout).toBe('');
  });

  it('builds once the build holding it was killed', async () => {
    first.child.kill('SIGKILL');
    await first.done;
    expect(existsSync(lockFile()), 'the killed build leaves its lock behind').toBe(true);
    const next = await build().done;
    expect(next.code, next.stderr).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect(existsSync(lockFile()), 'released at the end').toBe(false);
  });
});
