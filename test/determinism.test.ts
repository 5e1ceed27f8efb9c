import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAKE_TABLES } from '../partitions/layout.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { tableFingerprint, withConnection } from './helpers/duckdb.js';

// The same seed and parameters must give the same rows whatever --threads is: shards are cut by
// the work, never by the thread count, and every random draw is keyed by what it decides.

const THREADS = [1, 2, 3];
const lakes = new Map<string, string>();

async function fingerprints(lake: string): Promise<Record<string, string>> {
  return withConnection(async (db) => {
    const result: Record<string, string> = {};
    for (const table of LAKE_TABLES) result[table] = await tableFingerprint(db, lake, table);
    return result;
  });
}

beforeAll(async () => {
  for (const threads of THREADS) {
    const lake = temporaryFolder(`threads-${threads}`);
    await simulate(lake, { threads, days: 20 });
    lakes.set(`threads-${threads}`, lake);
  }
  const other = temporaryFolder('other-seed');
  await simulate(other, { threads: 2, days: 20, seed: 'another' });
  lakes.set('other-seed', other);
});

afterAll(() => {
  for (const lake of lakes.values()) removeFolder(lake);
});

describe('determinism', () => {
  it('gives identical rows in every table for --threads 1, 2 and 3', async () => {
    const [first, ...rest] = await Promise.all(THREADS.map((t) => fingerprints(lakes.get(`threads-${t}`)!)));
    for (const table of LAKE_TABLES) expect(first![table], table).toMatch(/^[1-9]\d*:/);
    for (const other of rest) expect(other).toEqual(first);
  });

  it('gives different rows for another seed', async () => {
    const base = await fingerprints(lakes.get('threads-1')!);
    const other = await fingerprints(lakes.get('other-seed')!);
    for (const table of ['players', 'signons', 'sessions', 'heartbeats'] as const) {
      expect(other[table], table).not.toEqual(base[table]);
    }
    // The catalog is not random: it is the same in every world.
    expect(other.products).toEqual(base.products);
  });
});
