import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { skipOutsideCi } from './helpers/environment.js';
import { removeFolder, temporaryFolder } from './helpers/lake.js';
import { runSimulate, snapshot, stderrLines, type CliResult } from './helpers/process.js';

// A typo on the command line must cost the user one readable line, never a stack trace, a
// half-created folder or a 20,000-player run they did not ask for. Each case runs the real CLI
// and checks the whole contract: exit code 2, exactly one line on stderr that names the option
// and what it accepts, and no --out folder afterwards. The cases run concurrently: each is a
// process that exits within a second or two.

let root: string;
let aFile: string;

beforeAll(() => {
  root = temporaryFolder('bad-input');
  aFile = path.join(root, 'a-file');
  writeFileSync(aFile, 'not a folder\n');
  writeFileSync(path.join(root, 'invalid.json'), '{ "acquisition": ');
  writeFileSync(path.join(root, 'unknown-key.json'), '{ "acquisitoin": {} }');
});

afterAll(() => removeFolder(root));

/** A fresh --out per case, so a case that wrongly creates it cannot hide behind another. */
let cases = 0;
const freshOut = () => path.join(root, `lake-${++cases}`);

function expectRefusedWithOneLine(result: CliResult, names: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = stderrLines(result);
  expect(lines, 'exactly one line on stderr').toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(names);
  expect(result.stdout).toBe('');
}

const CASES: [string, string[], RegExp][] = [
  ['a negative --players', ['--players', '-5'], /--players must be a whole number from 1 to .*got '-5'/],
  ['--players 0', ['--players', '0'], /--players must be a whole number from 1 /],
  ['a non-numeric --players', ['--players', 'abc'], /--players must be a whole number .*got 'abc'/],
  ['--players with no value', ['--players'], /--players needs a value/],
  ['--threads 0', ['--threads', '0'], /--threads must be a whole number from 1 to 256/],
  ['an absurd --threads', ['--threads', '100000'], /--threads must be a whole number from 1 to 256 .*got '100000'/],
  ['--days 0', ['--days', '0'], /--days must be a whole number from 1 /],
  ['a --start-date that is not in the calendar', ['--start-date', '2025-02-30'], /--start-date must be a calendar date as YYYY-MM-DD .*2025-02-30/],
  ['a --start-date that is not a date', ['--start-date', 'yesterday'], /--start-date must be a calendar date as YYYY-MM-DD/],
  // Before 1970 timestamps go negative; from about 2255 epoch microseconds pass 2^53.
  ['a --start-date before 1970', ['--start-date', '1969-12-31'], /--start-date must be from 1970-01-01 to 2200-12-31 \(got '1969-12-31'\)/],
  ['a --start-date after 2200', ['--start-date', '2201-01-01'], /--start-date must be from 1970-01-01 to 2200-12-31 \(got '2201-01-01'\)/],
  ['--heartbeats above 1', ['--heartbeats', '1.5'], /--heartbeats takes 'all', 'none' or a fraction .* from 0 to 1 .*1\.5/],
  ['--heartbeats below 0', ['--heartbeats', '-0.1'], /--heartbeats takes .* from 0 to 1 .*-0\.1/],
  ['--shard i/N with i equal to N', ['--shard', '3/3'], /--shard 3\/3: i must be below N/],
  ['--shard without a /N', ['--shard', '1'], /--shard takes i\/N/],
  ['an unknown option', ['--playrs', '10'], /Unknown argument: playrs; see --help/],
  ['--resume together with --force', ['--resume', '--force'], /--resume and --force contradict each other/],
  ['a switch given a value', ['--resume=maybe'], /--resume is a switch: write --resume or --no-resume, not '--resume=maybe'/],
];

describe.concurrent('simulate, given bad input,', () => {
  for (const [what, args, names] of CASES) {
    it(`refuses ${what} with one line, exit code 2, and writes nothing`, async () => {
      const out = freshOut();
      expectRefusedWithOneLine(await runSimulate([...args, '--out', out]), names);
      expect(existsSync(out), `${out} was created`).toBe(false);
    });
  }

  it('refuses --out with no value instead of writing to the default folder', async () => {
    // Run from an empty folder, where the default --out (data/lake) would be created.
    const cwd = path.join(root, 'cwd');
    mkdirSync(cwd);
    expectRefusedWithOneLine(await runSimulate(['--players', '100', '--out'], { cwd }), /--out needs a value/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses an --out that names a file, and leaves the file as it was', async () => {
    const before = snapshot(root).filter((line) => line.startsWith('a-file '));
    expectRefusedWithOneLine(await runSimulate(['--players', '100', '--out', aFile]), /--out .*a-file is a file; pass a folder/);
    expect(snapshot(root).filter((line) => line.startsWith('a-file '))).toEqual(before);
  });

  it('refuses an --out whose parent is a file', async () => {
    const out = path.join(aFile, 'lake');
    expectRefusedWithOneLine(await runSimulate(['--players', '100', '--out', out]), /--out .*a-file\/lake cannot be written \(ENOTDIR\); choose a folder/);
  });

  it('refuses an --out inside a folder it may not write', async (context) => {
    const readOnly = path.join(root, 'read-only');
    mkdirSync(readOnly);
    if (process.getuid?.() === 0) {
      // root writes through any mode bits; a read-only mount is the one thing that stops it.
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', readOnly], { stdio: 'ignore' });
      } catch {
        skipOutsideCi(context, 'running as root where a read-only tmpfs cannot be mounted, so no folder is unwritable');
      }
    } else {
      chmodSync(readOnly, 0o555);
    }
    try {
      const out = path.join(readOnly, 'lake');
      expectRefusedWithOneLine(await runSimulate(['--players', '100', '--out', out]), /--out .*read-only\/lake cannot be written \((EACCES|EROFS)\); choose a folder you can write to/);
      expect(existsSync(out)).toBe(false);
    } finally {
      if (process.getuid?.() === 0) execFileSync('umount', [readOnly]);
      else chmodSync(readOnly, 0o755);
    }
  });

  it('refuses a --config file that does not exist', async () => {
    const out = freshOut();
    expectRefusedWithOneLine(await runSimulate(['--config', path.join(root, 'missing.json'), '--out', out]), /--config .*missing\.json: cannot read the file/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a --config file that is not valid JSON', async () => {
    const out = freshOut();
    expectRefusedWithOneLine(await runSimulate(['--config', path.join(root, 'invalid.json'), '--out', out]), /--config .*invalid\.json: not valid JSON/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a --config file with an unknown setting, naming it', async () => {
    const out = freshOut();
    expectRefusedWithOneLine(await runSimulate(['--config', path.join(root, 'unknown-key.json'), '--out', out]), /--config .*unknown-key\.json\.acquisitoin: unknown setting; known ones: .*acquisition/);
    expect(existsSync(out)).toBe(false);
  });
});
