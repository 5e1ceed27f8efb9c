import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../engine/presets.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { readTable, rows, withConnection } from './helpers/duckdb.js';

// The original prototype's world stays reachable for comparison: its size, no churn, its three
// flat sign-on patterns and its spend buckets.

const prototype = PRESETS.prototype!;
let lake: string;

beforeAll(async () => {
  lake = temporaryFolder('prototype');
  await simulate(lake, { players: prototype.players, days: 21, blockSize: 1000, heartbeats: 'none', config: prototype.config });
});

afterAll(() => removeFolder(lake));

describe('the prototype preset', () => {
  it('is the prototype\'s size: 1,000 players over one year', () => {
    expect(prototype.players).toBe(1000);
    expect(prototype.days).toBe(365);
  });

  it('has nobody churn, and only the daily, weekday/weekend and cyclical patterns', async () => {
    await withConnection(async (db) => {
      const [players] = await rows(db, `SELECT count(*) AS n, count(churn_date) AS churned, list(DISTINCT archetype ORDER BY archetype) AS archetypes FROM ${readTable(lake, 'players')}`);
      expect(Number(players!.n)).toBe(1000);
      expect(Number(players!.churned)).toBe(0);
      expect(players!.archetypes).toEqual(['cyclical', 'daily', 'weekday']);
    });
  });

  it('splits spenders like the prototype: about 65% never pay, 25% small, 5% mid-size', async () => {
    await withConnection(async (db) => {
      const shares = await rows(db, `SELECT spender_segment, count(*) / 1000 AS share FROM ${readTable(lake, 'players')} GROUP BY ALL ORDER BY ALL`);
      const share = Object.fromEntries(shares.map((s) => [s.spender_segment, Number(s.share)]));
      expect(share.none).toBeCloseTo(0.65, 1);
      expect(share.minnow).toBeCloseTo(0.25, 1);
      expect(share.dolphin).toBeCloseTo(0.05, 1);
    });
  });

  it('signs daily players on about 90% of days', async () => {
    await withConnection(async (db) => {
      const [daily] = await rows(db, `SELECT count(*) / (count(DISTINCT s.player_id) * 1.0) AS days_per_player, count(DISTINCT s.date) AS days
        FROM ${readTable(lake, 'signons')} s JOIN ${readTable(lake, 'players')} p USING (player_id)
        WHERE p.archetype = 'daily' AND p.signup_date = DATE '2025-01-01'`);
      expect(Number(daily!.days_per_player) / Number(daily!.days)).toBeGreaterThan(0.85);
      expect(Number(daily!.days_per_player) / Number(daily!.days)).toBeLessThan(0.95);
    });
  });
});
