import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { readLakeManifest, runSimulate, smallWorldArgs, snapshot, stderrLines, type CliResult } from './helpers/process.js';

// An existing lake can hold days of computing, and a folder named by --out may hold anything.
// No command line may hurt either: a run refuses a non-empty folder unless told to resume or to
// replace a Sprint lake, and --resume refuses a lake made with other parameters (finishing it
// would mix two worlds in one lake). A refusal must leave the folder exactly as it was — the
// snapshot compares names, sizes, modes and mtimes, including the folder's own, which changes
// even if a lock file is only created and removed.

const DAYS = 3;
let lake: string;
const folders: string[] = [];

beforeAll(async () => {
  lake = temporaryFolder('clobber-lake');
  await simulate(lake, { days: DAYS, threads: 1 });
});

afterAll(() => {
  for (const folder of [lake, ...folders]) removeFolder(folder);
});

/** A private copy of the lake, so each test can run concurrently and compare its own snapshots. */
function copyOfLake(): string {
  const copy = path.join(temporaryFolder('clobber'), 'lake');
  folders.push(path.dirname(copy));
  cpSync(lake, copy, { recursive: true, preserveTimestamps: true });
  return copy;
}

async function expectRefusedUnchanged(folder: string, args: string[], message: RegExp): Promise<CliResult> {
  const before = snapshot(folder);
  const result = await runSimulate(args);
  expect(result.code, result.stderr).toBe(2);
  expect(stderrLines(result)).toHaveLength(1);
  expect(stderrLines(result)[0]).toMatch(message);
  expect(snapshot(folder)).toEqual(before);
  return result;
}

describe.concurrent('simulate into an existing --out', () => {
  it('refuses a lake without --resume or --force and changes nothing', async () => {
    const copy = copyOfLake();
    await expectRefusedUnchanged(copy, smallWorldArgs(copy, { days: DAYS }), /--out .* is not empty; pass --resume to finish the run there, or --force to replace it/);
  });

  it('refuses a folder of other files, even with --force, and deletes nothing', async () => {
    const folder = path.join(temporaryFolder('clobber-foreign'), 'photos');
    folders.push(path.dirname(folder));
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'holiday.jpg'), 'a picture');
    await expectRefusedUnchanged(folder, smallWorldArgs(folder, { days: DAYS }), /is not empty/);
    await expectRefusedUnchanged(folder, [...smallWorldArgs(folder, { days: DAYS }), '--force'], /--force: .* holds files that are not part of a Sprint lake \(holiday\.jpg\)/);
  });

  for (const [option, value] of [
    ['--seed', 'another'],
    ['--players', '4000'],
    ['--days', '4'],
    ['--start-date', '2025-01-02'],
  ] as const) {
    it(`refuses --resume with a different ${option}, naming it, and changes nothing`, async () => {
      const copy = copyOfLake();
      const args = smallWorldArgs(copy, { days: DAYS });
      args[args.indexOf(option) + 1] = value;
      const escaped = option.replace(/-/g, '\\-');
      await expectRefusedUnchanged(copy, [...args, '--resume'], new RegExp(`^error: --resume: ${escaped} differs from the lake's \\(lake: .*, requested: .*${value}.*\\)`));
    });
  }

  it('refuses --resume of a lake whose manifest is damaged, naming the manifest', async () => {
    const copy = copyOfLake();
    writeFileSync(path.join(copy, '_manifest.json'), '{"format": "sprint-lake/1"}');
    await expectRefusedUnchanged(copy, [...smallWorldArgs(copy, { days: DAYS }), '--resume'], /_manifest\.json is unreadable \(.*\); pass --force to replace the lake/);
  });

  it('replaces a Sprint lake with --force, which is what --force is for', async () => {
    const copy = copyOfLake();
    const args = smallWorldArgs(copy, { days: DAYS });
    args[args.indexOf('--seed') + 1] = 'another';
    const result = await runSimulate([...args, '--force']);
    expect(result.code, result.stderr).toBe(0);
    expect(readLakeManifest(copy)).toMatchObject({ complete: true, params: { seed: 'another' } });
  });
});
