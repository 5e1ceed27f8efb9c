import { lifetimeDays } from './retention.js';
import { blockRange, type World } from './world.js';

/**
 * Who is still playing. A two-year world signs up 20 million players, but on a late day only a
 * few percent of them have not churned; a unit computes traits for those alone. Lifetimes are kept
 * per block (two bytes a player) so that finding the living is a scan, not a hash per player.
 */
export interface BlockLifetimes {
  block: number;
  /** Days from sign-up to churn per player of the block, capped at what a Uint16 holds (never, in any window). */
  lifetime: Uint16Array;
}

export function blockLifetimes(world: World, block: number): BlockLifetimes {
  const [start, end] = blockRange(world, block);
  const lifetime = new Uint16Array(end - start);
  for (let i = 0; i < lifetime.length; i++) lifetime[i] = Math.min(0xffff, lifetimeDays(world, start + i));
  return { block, lifetime };
}

/**
 * Indices, ascending, of the block's players who have signed up by `lastDay` and have not churned
 * before `firstDay`: everyone who can play on some day of [firstDay, lastDay].
 */
export function playersAlive(world: World, lifetimes: BlockLifetimes, firstDay: number, lastDay: number): Int32Array {
  const [start, end] = blockRange(world, lifetimes.block);
  const { firstIdOfDay } = world;
  const alive = new Int32Array(Math.max(0, Math.min(end, firstIdOfDay[lastDay + 1]!) - start));
  let count = 0;
  for (let signup = 0; signup <= lastDay; signup++) {
    const from = Math.max(start, firstIdOfDay[signup]!);
    const until = Math.min(end, firstIdOfDay[signup + 1]!);
    // Alive on firstDay or later: churn day (signup + lifetime) > firstDay.
    const needed = firstDay - signup;
    for (let index = from; index < until; index++) {
      if (lifetimes.lifetime[index - start]! > needed) alive[count++] = index;
    }
  }
  return alive.subarray(0, count);
}
