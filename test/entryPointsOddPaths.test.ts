import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, temporaryFolder } from './helpers/lake.js';
import { runNpm, startCommandLine, type CliResult } from './helpers/process.js';
import { copyProject } from './helpers/processProjectCopy.js';

// Cloned into "My Projects", or reached through a symlink, every command used to print npm's
// banner, do nothing and exit 0: each compared its URL with `file://` + argv[1], which differ
// when the path holds a space or '#' (escaped in a URL) or a symlink (node resolves the main
// module, argv keeps the link). Each entry point runs here through npm from such a clone, and
// through a symlink to it; bench, too long to run whole, shows its --help (and npm start runs
// whole from such a path in npmStart.test.ts).

let root: string;
let project: string;
let linked: string;

beforeAll(() => {
  root = temporaryFolder('odd-paths');
  project = copyProject(path.join(root, 'My Projects #1', 'sprint'));
  linked = path.join(root, 'link to sprint');
  symlinkSync(project, linked, 'dir');
});

afterAll(() => removeFolder(root));

const npm = (script: string, args: string[]) => runNpm(script, args, { cwd: project });

function expectRan(result: CliResult, output: RegExp, code = 0): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stdout).toMatch(output);
}

describe('from a folder whose path has a space and a #, through npm,', () => {
  const lake = () => path.join(project, 'data', 'lake one');
  const db = () => path.join(project, 'data', 'ware house.duckdb');

  it('simulate writes the lake', async () => {
    expectRan(await npm('simulate', ['--players', '300', '--days', '3', '--threads', '1', '--no-progress', '--out', lake()]), /^simulate: wrote /m);
    expect(existsSync(path.join(lake(), '_manifest.json'))).toBe(true);
  });

  it('build-warehouse builds the warehouse', async () => {
    expectRan(await npm('build-warehouse', ['--lake', lake(), '--db', db(), '--threads', '1', '--no-progress']), /^build-warehouse: \d+ models .* data tests passed/m);
    expect(existsSync(db())).toBe(true);
  });

  it('query answers a question', async () => {
    expectRan(await npm('query', ['busiest-week', '--db', db()]), /The week with the most distinct players/);
  });

  it('calibrate measures the KPIs (a three-day world is out of band: exit code 1)', async () => {
    expectRan(await npm('calibrate', ['--db', db()]), /^calibrate: \d+ of \d+ KPIs out of band$/m, 1);
  });

  it('report writes the report', async () => {
    expectRan(await npm('report', ['--db', db(), '--out', path.join(project, 'data', 'the report'), '--no-tests']), /^report: \d+ charts/m);
    expect(existsSync(path.join(project, 'data', 'the report', 'index.html'))).toBe(true);
  });

  // npm start runs whole from such a path in npmStart.test.ts.
  it('bench answers --help', async () => {
    expectRan(await npm('bench', ['--help']), /npm run bench -- \[options\]/);
  });
});

describe.concurrent('through a symlink to that folder', () => {
  const scripts: [string, RegExp][] = [
    ['cli/simulate.ts', /npm run simulate -- \[options\]/],
    ['cli/buildWarehouse.ts', /npm run build-warehouse -- \[options\]/],
    ['cli/query.ts', /npm run query -- <question>/],
    ['cli/calibrate.ts', /npm run calibrate -- \[options\]/],
    ['cli/report.ts', /npm run report -- \[options\]/],
    ['cli/start.ts', /npm start -- \[options\]/],
    ['bench/bench.ts', /npm run bench -- \[options\]/],
  ];
  for (const [script, usage] of scripts) {
    it(`${script} runs`, async () => {
      expectRan(await startCommandLine(path.join(linked, script), ['--help'], { cwd: linked }).done, usage);
    });
  }

  it('simulate writes a lake', async () => {
    const out = path.join(linked, 'data', 'linked lake');
    expectRan(await startCommandLine(path.join(linked, 'cli/simulate.ts'), ['--players', '200', '--days', '2', '--threads', '1', '--no-progress', '--out', out], { cwd: linked }).done, /^simulate: wrote /m);
    expect(existsSync(path.join(project, 'data', 'linked lake', '_manifest.json'))).toBe(true);
  });
});
