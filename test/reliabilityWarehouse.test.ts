import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { listFiles, parquetFiles, startCli, stderrLines, type CliResult } from './helpers/process.js';

// A warehouse is rebuilt from a lake that may be missing, empty or damaged, and people query the
// last good one meanwhile. A failed build must say which file is bad, and must leave the previous
// warehouse file byte for byte as it was and still readable — never a half-built database under
// the name everyone opens. (That deleting the named file and resuming rewrites it, as the message
// advises, is reliabilityResumeRepairs.test.ts.)

const DAYS = 4;
let root: string;
let lake: string;
let warehouse: string;
let goodHash: string;

const buildWarehouse = (lakeRoot: string, db: string): Promise<CliResult> =>
  startCli('cli/buildWarehouse.ts', ['--lake', lakeRoot, '--db', db, '--threads', '2', '--no-progress']).done;

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A private copy of the lake to damage. */
function copyOfLake(name: string): string {
  const copy = path.join(root, name);
  cpSync(lake, copy, { recursive: true });
  return copy;
}

/** Adds `copy` to the manifest, in the unit that lists `original`, as a lake listing a file twice would. */
function listInManifest(lakeRoot: string, original: string, copy: string): void {
  const file = path.join(lakeRoot, '_manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { units: Record<string, { files: { path: string }[] }> };
  const unit = Object.values(manifest.units).find((entry) => entry.files.some((listed) => listed.path === original))!;
  unit.files.push({ ...unit.files.find((listed) => listed.path === original)!, path: copy });
  writeFileSync(file, JSON.stringify(manifest));
}

async function expectReadable(db: string): Promise<void> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll("SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema LIKE 'sprint%'");
    expect((reader.getRowObjectsJS()[0] as { n: number }).n).toBeGreaterThan(0);
    connection.closeSync();
  } finally {
    instance.closeSync();
  }
}

beforeAll(async () => {
  root = temporaryFolder('warehouse-reliability');
  lake = path.join(root, 'lake');
  await simulate(lake, { days: DAYS, threads: 1 });
  mkdirSync(path.join(root, 'db'));
  warehouse = path.join(root, 'db', 'warehouse.duckdb');
  const built = await buildWarehouse(lake, warehouse);
  expect(built.code, `the first build must pass for this file to mean anything: ${built.stderr}`).toBe(0);
  goodHash = sha256(warehouse);
});

afterAll(() => removeFolder(root));

describe('build-warehouse', () => {
  it('refuses a --lake that does not exist, in one line naming it, and creates no warehouse', async () => {
    const db = path.join(root, 'none.duckdb');
    const result = await buildWarehouse(path.join(root, 'no-such-lake'), db);
    expect(result.code).toBe(2);
    expect(stderrLines(result)).toEqual([expect.stringMatching(/^error: lake folder .*no-such-lake does not exist; .*npm run simulate/)]);
    expect(existsSync(db)).toBe(false);
  });

  it('refuses a lake folder without Parquet files, in one line, and creates no warehouse', async () => {
    const empty = path.join(root, 'empty-lake');
    mkdirSync(empty);
    const db = path.join(root, 'empty.duckdb');
    const result = await buildWarehouse(empty, db);
    expect(result.code).toBe(2);
    expect(stderrLines(result)).toEqual([expect.stringMatching(/^error: lake .*empty-lake is empty/)]);
    expect(existsSync(db)).toBe(false);
  });

  it('names a truncated Parquet file in one line, and leaves the previous warehouse as it was and readable', async () => {
    const broken = copyOfLake('truncated-lake');
    const victim = path.join(broken, parquetFiles(broken).find((file) => file.startsWith('heartbeats/'))!);
    truncateSync(victim, Math.floor(statSync(victim).size / 2));
    const result = await buildWarehouse(broken, warehouse);
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toEqual([expect.stringContaining(`lake file ${victim} is truncated or corrupt`)]);
    expect(result.stderr.split('truncated or corrupt').length - 1, 'said once, not wrapped twice').toBe(1);
    expect(sha256(warehouse)).toBe(goodHash);
    expect(listFiles(path.dirname(warehouse)), 'no half-built file is left beside it').toEqual(['warehouse.duckdb']);
    await expectReadable(warehouse);
  });

  it('keeps the last good warehouse, unchanged and readable, when a data test fails', async () => {
    const hash = sha256(warehouse);
    // A second copy of a transactions file: every transaction in it now appears twice.
    const duplicated = copyOfLake('duplicated-lake');
    const file = path.join(duplicated, parquetFiles(duplicated).find((name) => name.startsWith('transactions/'))!);
    copyFileSync(file, file.replace(/\.parquet$/, '-again.parquet'));
    // The warehouse reads the files the manifest lists, so the duplicate must be listed too.
    listInManifest(duplicated, path.relative(duplicated, file), path.relative(duplicated, file).replace(/\.parquet$/, '-again.parquet'));
    const result = await buildWarehouse(duplicated, warehouse);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL +unique\(fact_transaction: transaction_id\)/);
    expect(stderrLines(result)).toEqual([expect.stringMatching(/^error: \d+ of \d+ data tests failed .*the last good warehouse .* is unchanged$/)]);
    expect(sha256(warehouse)).toBe(hash);
    await expectReadable(warehouse);
  });
});
