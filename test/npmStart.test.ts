import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, temporaryFolder } from './helpers/lake.js';
import { runNpm, type CliResult } from './helpers/process.js';
import { copyProject } from './helpers/processProjectCopy.js';

// `npm start` is the README's first command and the first thing a newcomer sees: the whole
// pipeline, run here as they run it (npm, in a clone of their own, writing its data/ folder),
// at a small size. By default it shows the data tests that failed and a one-line summary, not
// 160 PASS lines; its sample K/D answer is about a player who actually played.

const SIZE = ['--players', '1000', '--days', '21'];
let root: string;
let project: string;
let first: CliResult;

beforeAll(async () => {
  root = temporaryFolder('npm-start');
  // A path with a space and a '#', as a user's clone may have (see entryPointsOddPaths.test.ts).
  project = copyProject(path.join(root, 'My Projects #2', 'sprint'));
  first = await runNpm('start', SIZE, { cwd: project });
});

afterAll(() => removeFolder(root));

const passLines = (result: CliResult) => result.stdout.split('\n').filter((line) => /^\s+PASS\s/.test(line));

describe('npm start', () => {
  it('runs the pipeline end to end: lake, warehouse, answers and report', () => {
    expect(first.code, first.stderr).toBe(0);
    for (const step of ['simulate', 'build-warehouse', 'query busiest-week', 'query top-country-playtime', 'query top-country-revenue', 'query player-kd', 'query encounters', 'report']) {
      expect(first.stdout, step).toContain(`== ${step}`);
    }
    expect(existsSync(path.join(project, 'data/lake/_manifest.json'))).toBe(true);
    expect(existsSync(path.join(project, 'data/warehouse.duckdb'))).toBe(true);
    expect(first.stdout).toContain(`open the report: ${path.join(project, 'data/report/index.html')}`);
    expect(existsSync(path.join(project, 'data/report/index.html'))).toBe(true);
  });

  it('prints no PASS lines by default, and one line summing up the data tests', () => {
    expect(passLines(first)).toEqual([]);
    expect(first.stdout).toMatch(/^build-warehouse: \d+ models .* and \d+ data tests passed in /m);
  });

  it('asks for the K/D of a player who has kills and deaths', async () => {
    const player = /^== query player-kd --player (\d+)$/m.exec(first.stdout)?.[1];
    expect(player, first.stdout).toBeDefined();
    const answer = await runNpm('query', ['player-kd', '--player', player!, '--json'], { cwd: project });
    expect(answer.code, answer.stderr).toBe(0);
    const [row] = JSON.parse(answer.stdout) as { total_kills: number | string; total_deaths: number | string }[];
    expect(Number(row!.total_kills)).toBeGreaterThan(0);
    expect(Number(row!.total_deaths)).toBeGreaterThan(0);
  });

  it('lists every data test with --verbose, on a second run that resumes the finished lake', async () => {
    const verbose = await runNpm('start', [...SIZE, '--verbose'], { cwd: project });
    expect(verbose.code, verbose.stderr).toBe(0);
    const tests = Number(/and (\d+) data tests passed/.exec(verbose.stdout)?.[1]);
    expect(tests).toBeGreaterThan(100);
    expect(passLines(verbose)).toHaveLength(tests);
  });
});
