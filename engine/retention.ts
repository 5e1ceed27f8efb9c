import { Purpose, uniform } from './random.js';
import type { World } from './world.js';
import { behaviourCode, churnDecays } from './profiles/behaviour.js';

/** A lifetime longer than any world: the player never churns within the window. */
export const NEVER_CHURNS = 0x3fffffff;

/**
 * Survival by age, S[a] = (1 + a)^-decay for a = 0 … days: the chance that a player is still
 * playing a days after signing up. A player's lifetime is the first age a ≥ 1 at which their
 * churn draw u exceeds S[a], so P(lifetime > t) = S[t] exactly; the sign-up day is always played.
 * Read from this table (one pow per age, not per player), a lifetime costs a hash and a binary
 * search, which matters when a unit must find the few living among 20 million sign-ups.
 */
export function survivalByAge(decay: number, days: number): Float64Array {
  const survival = new Float64Array(days + 1);
  for (let age = 0; age <= days; age++) survival[age] = decay > 0 ? Math.pow(1 + age, -decay) : 1;
  return survival;
}

/** Days from sign-up to churn; NEVER_CHURNS when the player outlives any window of the world. */
export function lifetimeDays(world: World, index: number): number {
  return lifetimeFromSurvival(world, index, world.survival[behaviourCode(world.seed, index)]!);
}

/**
 * The survival table per behaviour code (engine/profiles/behaviour.ts): each acquisition channel
 * has its own decay, scaled so that the channel mix keeps the world's curve.
 */
export function survivalByBehaviour(decay: number, days: number): Float64Array[] {
  return [...churnDecays(decay)].map((playerDecay) => survivalByAge(playerDecay, days));
}

/** The lifetime of a player whose survival table is known (computeTraits draws the code once). */
export function lifetimeFromSurvival(world: World, index: number, survival: Float64Array): number {
  const u = 1 - uniform(world.seed, index, Purpose.churn);
  if (u <= survival[survival.length - 1]!) return NEVER_CHURNS;
  let lo = 1;
  let hi = survival.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u > survival[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

