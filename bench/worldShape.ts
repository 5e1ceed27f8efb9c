import { DEFAULTS } from '../workers/options.js';
import { planUnits } from '../workers/workUnits.js';
import { parseIsoDate } from '../engine/calendar.js';
import { DEFAULT_CONFIG } from '../engine/config.js';
import { createWorld } from '../engine/world.js';
import { simulateOnce } from './simulateThroughput.js';

/** Rows per player a world of `days` days writes, per table, estimated from a sample of its days. */
export interface WorldShape {
  players: number;
  days: number;
  dayUnitsSampled: number;
  dayUnitsTotal: number;
  rowsPerPlayer: Record<string, number>;
}

/**
 * Why a sample and not the throughput run's rows per player-day: every player of a world signs up
 * inside its window and most churn within weeks, so a 14-day world is all fresh, busy players
 * while a 730-day one is mostly players who have left. Its rows per player-day are several times
 * lower, and scaling the short run would overstate the full-scale lake several-fold.
 *
 * So this runs the real simulation of a `days`-day world with a small player count and one block,
 * writing only every N-th (day, block) unit through `--shard 0/N`: an evenly spread sample of the
 * window's days. Per-player behaviour does not depend on how many players there are, so rows per
 * player carry over to any player count.
 */
export async function sampleWorldShape(players: number, days: number, sampleUnits: number, seed: string, threads: number, lake: string): Promise<WorldShape> {
  const stride = Math.max(1, Math.floor(days / sampleUnits));
  const shard = { index: 0, count: stride };
  const world = createWorld({
    seed,
    players,
    days,
    startEpochDay: parseIsoDate(DEFAULTS.startDate)!,
    blockSize: DEFAULTS.blockSize,
    heartbeatShare: 1,
    config: DEFAULT_CONFIG,
  });
  const dayUnits = (part: typeof shard) => planUnits(world, part).filter((unit) => unit.kind === 'day').length;
  const dayUnitsTotal = dayUnits({ index: 0, count: 1 });
  const dayUnitsSampled = dayUnits(shard);
  const run = await simulateOnce({ players, days, blockSize: DEFAULTS.blockSize, seed }, threads, lake, `${shard.index}/${shard.count}`);
  const scale = dayUnitsTotal / Math.max(1, dayUnitsSampled);
  const rowsPerPlayer: Record<string, number> = { players: 1 };
  for (const [table, rows] of Object.entries(run.rows)) {
    if (table === 'players' || table === 'products') continue;
    rowsPerPlayer[table] = (rows * scale) / players;
  }
  return { players, days, dayUnitsSampled, dayUnitsTotal, rowsPerPlayer };
}
