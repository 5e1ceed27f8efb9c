import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, rmSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { parquetFiles, readLakeManifest, runSimulate, smallWorldArgs } from './helpers/process.js';
import { lakeFingerprints } from './helpers/processLake.js';

// The manifest says which units are done, but files can be lost after it said so: a disk error,
// a stray `rm`, or a user following build-warehouse's advice to delete a corrupt file and resume.
// --resume must not trust the manifest blindly, or that file is never written again and every
// later build fails on the same gap.

const DAYS = 3;
let clean: string;
let damaged: string;
let deleted: string;
let truncated: string;

beforeAll(async () => {
  clean = temporaryFolder('repair-clean');
  await simulate(clean, { days: DAYS, threads: 1 });
  damaged = path.join(temporaryFolder('repair'), 'lake');
  cpSync(clean, damaged, { recursive: true });
  const files = parquetFiles(damaged);
  deleted = files.find((file) => file.startsWith('heartbeats/'))!;
  truncated = files.find((file) => file.startsWith('sessions/'))!;
  rmSync(path.join(damaged, deleted));
  truncateSync(path.join(damaged, truncated), Math.floor(statSync(path.join(damaged, truncated)).size / 2));
});

afterAll(() => {
  removeFolder(clean);
  removeFolder(path.dirname(damaged));
});

describe('--resume of a lake whose recorded files were damaged', () => {
  it('rewrites the units of a deleted and a truncated file, giving back the original lake', async () => {
    const result = await runSimulate([...smallWorldArgs(damaged, { days: DAYS }), '--resume']);
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(path.join(damaged, deleted)).size).toBe(statSync(path.join(clean, deleted)).size);
    expect(statSync(path.join(damaged, truncated)).size).toBe(statSync(path.join(clean, truncated)).size);
    expect(readLakeManifest(damaged)).toMatchObject({ complete: true, units: readLakeManifest(clean).units });
    expect(await lakeFingerprints(damaged)).toEqual(await lakeFingerprints(clean));
  });
});
