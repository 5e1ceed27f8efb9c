import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { genericTests, runDataTests } from '../warehouse/dataTests.js';
import type { TestScope } from '../warehouse/dataTests.js';
import { readModelFile } from '../warehouse/modelFile.js';
import { removeFolder, temporaryFolder } from './helpers/lake.js';

// The generic tests of a patched incremental model look only at its redone partitions, on a real
// DuckDB: they must still catch every bad row that a redone partition brings, a duplicate whose
// twin sits in an old partition included, and never report the old partitions, which the last
// build tested.

const OLD = '2025-01-01';
const NEW = '2025-01-02';

describe('data tests limited to the partitions a build redid', () => {
  let dir: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  const relations = new Map([
    ['daily', 'main.daily'],
    ['parent', 'main.parent'],
  ]);
  let model: ReturnType<typeof readModelFile>;

  beforeAll(async () => {
    dir = temporaryFolder('scoped-tests');
    const file = path.join(dir, 'sprint_mart', 'daily.sql');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      [
        '-- materialized: incremental',
        '-- partition_by: day',
        '-- test not_null: id',
        '-- test unique: id',
        "-- test accepted_values: mode in ('a', 'b')",
        '-- test expression: amount >= 0',
        '-- test relationships: id -> parent.id',
        'select * from t where day in {{ partitions }}',
      ].join('\n'),
    );
    model = readModelFile(file);
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await connection.run('CREATE TABLE parent AS SELECT range AS id FROM range(10)');
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
    removeFolder(dir);
  });

  const failing = async (rows: string, scope?: TestScope) => {
    await connection.run(`CREATE OR REPLACE TABLE daily AS SELECT * FROM (VALUES ${rows}) AS v(id, day, mode, amount)`);
    const tests = genericTests([model], { relations, vars: {} }, scope ? new Map([['daily', scope]]) : new Map());
    const results = await runDataTests(connection, tests);
    return results.filter((result) => result.status !== 'passed').map((result) => result.test.name);
  };
  const redoneNew: TestScope = { column: 'day', keys: [NEW], unchangedParents: new Set(['parent']) };

  it('catches the bad rows of a redone partition', async () => {
    const bad = `(1, DATE '${OLD}', 'a', 5), (NULL, DATE '${NEW}', 'c', -1), (42, DATE '${NEW}', 'a', 1)`;
    expect(await failing(bad, redoneNew)).toEqual([
      'not_null(daily.id)',
      'accepted_values(daily.mode)',
      'expression(daily: amount >= 0)',
      'relationships(daily.id -> parent.id)',
    ]);
  });

  it('catches a duplicate key whose twin is in a partition it did not redo', async () => {
    expect(await failing(`(1, DATE '${OLD}', 'a', 5), (1, DATE '${NEW}', 'a', 5), (2, DATE '${NEW}', 'b', 5)`, redoneNew)).toEqual(['unique(daily: id)']);
    // GROUP BY takes NULLs as one key, so two rows without an id are a duplicate too.
    expect(await failing(`(NULL, DATE '${OLD}', 'a', 5), (NULL, DATE '${NEW}', 'a', 5), (2, DATE '${NEW}', 'b', 5)`, redoneNew)).toEqual(['not_null(daily.id)', 'unique(daily: id)']);
  });

  it('leaves the old partitions to the build that tested them, which the full tests still see', async () => {
    const oldBad = `(NULL, DATE '${OLD}', 'c', -1), (3, DATE '${OLD}', 'a', 1), (3, DATE '${OLD}', 'a', 1), (4, DATE '${NEW}', 'a', 1)`;
    expect(await failing(oldBad, redoneNew)).toEqual([]);
    expect(await failing(oldBad)).toEqual(['not_null(daily.id)', 'unique(daily: id)', 'accepted_values(daily.mode)', 'expression(daily: amount >= 0)']);
  });

  it('checks every row against a parent that may have changed', async () => {
    const orphanInOld = `(99, DATE '${OLD}', 'a', 1), (4, DATE '${NEW}', 'a', 1)`;
    expect(await failing(orphanInOld, redoneNew)).toEqual([]);
    expect(await failing(orphanInOld, { ...redoneNew, unchangedParents: new Set() })).toEqual(['relationships(daily.id -> parent.id)']);
  });

  it('reads only the redone partitions for a unique key that holds the partition column, and still catches their duplicates', async () => {
    const file = path.join(dir, 'sprint_mart', 'keyed.sql');
    fs.writeFileSync(file, ['-- materialized: incremental', '-- partition_by: day', '-- test unique: id, day', 'select * from t where day in {{ partitions }}'].join('\n'));
    const keyed = readModelFile(file);
    // Reading an old partition's id raises an error, so a test that scans the whole table fails to run.
    const failingKeyed = async (rows: string) => {
      await connection.run(`CREATE OR REPLACE TABLE keyed_rows AS SELECT * FROM (VALUES ${rows}) AS v(id, day)`);
      await connection.run(`CREATE OR REPLACE VIEW keyed AS SELECT CASE WHEN day = DATE '${OLD}' THEN error('read an old partition')::INTEGER ELSE id END AS id, day FROM keyed_rows`);
      const tests = genericTests([keyed], { relations: new Map([['keyed', 'main.keyed']]), vars: {} }, new Map([['keyed', redoneNew]]));
      return (await runDataTests(connection, tests)).map((result) => `${result.test.name}: ${result.status}`);
    };
    expect(await failingKeyed(`(1, DATE '${OLD}'), (1, DATE '${NEW}'), (2, DATE '${NEW}')`)).toEqual(['unique(keyed: id, day): passed']);
    expect(await failingKeyed(`(1, DATE '${OLD}'), (2, DATE '${NEW}'), (2, DATE '${NEW}')`)).toEqual(['unique(keyed: id, day): failed']);
  });

  it('checks the old rows of the values a patched parent removed, and only those', async () => {
    // The parent's patch removed (or rewrote) ids 7 and 8; ids 7 and 8 are gone from it now (range(7)).
    await connection.run('CREATE OR REPLACE TEMP TABLE removed_ids AS SELECT * FROM (VALUES (7), (8)) AS v(key)');
    await connection.run('CREATE OR REPLACE TABLE parent AS SELECT range AS id FROM range(7)');
    try {
      const patched: TestScope = { ...redoneNew, unchangedParents: new Set(), removedParentKeys: new Map([['parent.id', 'temp.main.removed_ids']]) };
      // An old row whose parent the patch removed.
      expect(await failing(`(8, DATE '${OLD}', 'a', 1), (4, DATE '${NEW}', 'a', 1)`, patched)).toEqual(['relationships(daily.id -> parent.id)']);
      // A redone row without a parent.
      expect(await failing(`(4, DATE '${OLD}', 'a', 1), (9, DATE '${NEW}', 'a', 1)`, patched)).toEqual(['relationships(daily.id -> parent.id)']);
      // An old orphan of a value the patch did not touch is the last build's, which tested it: not read.
      expect(await failing(`(9, DATE '${OLD}', 'a', 1), (4, DATE '${NEW}', 'a', 1)`, patched)).toEqual([]);
      // Without the removed values, the whole child is checked.
      expect(await failing(`(9, DATE '${OLD}', 'a', 1), (4, DATE '${NEW}', 'a', 1)`, { ...patched, removedParentKeys: new Map() })).toEqual(['relationships(daily.id -> parent.id)']);
    } finally {
      await connection.run('CREATE OR REPLACE TABLE parent AS SELECT range AS id FROM range(10)');
    }
  });

  it('checks the rows of the keys a model kept by key redid for a unique or related key, and every row for the rest', async () => {
    const file = path.join(dir, 'sprint_mart', 'by_id.sql');
    fs.writeFileSync(
      file,
      [
        '-- materialized: incremental',
        '-- unique_key: id',
        '-- test not_null: id',
        '-- test unique: id',
        "-- test accepted_values: mode in ('a', 'b')",
        '-- test relationships: id -> parent.id',
        "select * from t where {{ is_redone_key('id') }}",
      ].join('\n'),
    );
    const byId = readModelFile(file);
    await connection.run('CREATE OR REPLACE TEMP TABLE redone_ids AS SELECT * FROM (VALUES (1), (2)) AS v(key)');
    const scope: TestScope = { column: 'id', keys: [], keysTable: { table: 'temp.main.redone_ids', count: 2 }, unchangedParents: new Set(['parent']) };
    const tests = () => genericTests([byId], { relations: new Map([...relations, ['by_id', 'main.by_id']]), vars: {} }, new Map([['by_id', scope]]));
    expect(Object.fromEntries(tests().map((test) => [test.name, test.scope]))).toEqual({
      'not_null(by_id.id)': undefined,
      'unique(by_id: id)': '2 id values redone',
      'accepted_values(by_id.mode)': undefined,
      'relationships(by_id.id -> parent.id)': '2 id values redone',
    });
    const failingById = async (rows: string) => {
      await connection.run(`CREATE OR REPLACE TABLE by_id AS SELECT * FROM (VALUES ${rows}) AS v(id, mode)`);
      return (await runDataTests(connection, tests())).filter((result) => result.status !== 'passed').map((result) => result.test.name);
    };
    // Keys not redone are the last build's, which tested them; a row-by-row test reads them anyway.
    expect(await failingById(`(1, 'a'), (2, 'b'), (5, 'a'), (5, 'a'), (99, 'a')`)).toEqual([]);
    expect(await failingById(`(1, 'a'), (5, 'c')`)).toEqual(['accepted_values(by_id.mode)']);
    // A second row of a redone key, and one that has lost its parent.
    expect(await failingById(`(1, 'a'), (1, 'a'), (2, 'b')`)).toEqual(['unique(by_id: id)']);
    await connection.run('INSERT INTO redone_ids VALUES (42)');
    expect(await failingById(`(1, 'a'), (42, 'a')`)).toEqual(['relationships(by_id.id -> parent.id)']);
    // No patch would ever redo a row without a key: it is looked at whatever was redone.
    expect(await failingById(`(1, 'a'), (NULL, 'a'), (NULL, 'b')`)).toEqual(['not_null(by_id.id)', 'unique(by_id: id)']);
  });

  it('says what it looked at, and reads nothing when nothing was redone', async () => {
    const tests = genericTests([model], { relations, vars: {} }, new Map([['daily', { ...redoneNew, keys: [] }]]));
    expect(new Set(tests.map((test) => test.scope))).toEqual(new Set(['0 partitions redone']));
    expect(await failing(`(NULL, DATE '${NEW}', 'c', -1)`, { ...redoneNew, keys: [] })).toEqual([]);
  });

  it('reads nothing of a table kept unchanged, except against a parent that may have changed', async () => {
    const kept: TestScope = { column: null, keys: [], unchangedParents: new Set(['parent']) };
    const tests = genericTests([model], { relations, vars: {} }, new Map([['daily', kept]]));
    expect(new Set(tests.map((test) => test.scope))).toEqual(new Set(['kept unchanged']));
    const bad = `(NULL, DATE '${OLD}', 'c', -1), (99, DATE '${OLD}', 'a', 1), (99, DATE '${NEW}', 'a', 1)`;
    expect(await failing(bad, kept)).toEqual([]);
    expect(await failing(bad, { ...kept, unchangedParents: new Set() })).toEqual(['relationships(daily.id -> parent.id)']);
  });
});
