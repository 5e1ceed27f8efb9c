import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TABLES, LAKE_TABLES } from '../partitions/layout.js';
import { MANIFEST_FORMAT } from '../partitions/manifest.js';
import { readTable, withConnection } from './helpers/duckdb.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';

/**
 * The rows themselves, pinned: threads-1-equals-threads-3 catches nondeterminism but not drift, so
 * a tiny world's every table is hashed here (sorted rows, values as JavaScript prints them, so
 * the hash depends on the rows and not on DuckDB's version). A change that moves these hashes
 * changes the world: make it on purpose, bump MANIFEST_FORMAT (partitions/manifest.ts), which
 * makes every resume of an older lake refuse, and pin the new hashes together with the new format.
 */
const PINNED = {
  format: 'sprint-lake/3',
  tables: {
    players: '600:61b124327041c882',
    products: '40:8430f331b9c625e2',
    signons: '1013:53399801e5368e4b',
    sessions: '949:1264021fbec5a943',
    transactions: '8:b7e7492b654c3a33',
    heartbeats: '38372:1ea5f7a2d5e9c9cb',
  } as Record<string, string>,
};

const GOLDEN_WORLD = { players: 600, days: 5, blockSize: 300, startDate: '2025-03-01', seed: 'golden' } as const;

let lake: string;

beforeAll(async () => {
  lake = temporaryFolder('golden');
  await simulate(lake, { ...GOLDEN_WORLD, threads: 2 });
});

afterAll(() => removeFolder(lake));

async function contentHash(table: (typeof LAKE_TABLES)[number]): Promise<string> {
  return withConnection(async (db) => {
    // The Hive folder's `date` is the row's own event date again: not part of the row.
    const partition = (EVENT_TABLES as readonly string[]).includes(table) ? ' EXCLUDE (date)' : '';
    const reader = await db.runAndReadAll(`SELECT *${partition} FROM ${readTable(lake, table)} ORDER BY ALL`);
    const hash = createHash('sha256');
    hash.update(reader.columnNames().join(','));
    for (const row of reader.getRowsJS()) hash.update(`\n${row.map((value) => (value instanceof Date ? value.toISOString() : String(value))).join(',')}`);
    return `${reader.currentRowCount}:${hash.digest('hex').slice(0, 16)}`;
  });
}

describe('the golden world', () => {
  it('is the lake format the pinned hashes were taken from', () => {
    expect(MANIFEST_FORMAT).toBe(PINNED.format);
  });

  for (const table of LAKE_TABLES) {
    it(`has the pinned ${table}`, async () => {
      expect(await contentHash(table)).toBe(PINNED.tables[table]);
    });
  }
});
