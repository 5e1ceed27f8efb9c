import { ARCHETYPES, type Archetype } from './config.js';
import { COUNTRIES } from './countries.js';
import { Purpose, normal, pickCumulative, uniform } from './random.js';
import { signupDayOf } from './acquisition.js';
import { behaviourCode, churnDecays, payerFactor, pickSpender } from './profiles/behaviour.js';
import { blockRange, type World } from './world.js';

/**
 * The fixed traits of every player of one block, as parallel typed arrays (no per-player objects:
 * a block holds up to a million players). Each trait is a pure function of (seed, player), so a
 * worker may compute a block once and reuse it for every day it simulates.
 */
export interface PlayerTraits {
  /** Player index of element 0; `player_id` = index + 1. */
  firstIndex: number;
  count: number;
  signupDay: Int32Array;
  /** First day the player no longer plays (relative day); ≥ days means never within the window. */
  churnDay: Int32Array;
  country: Uint8Array;
  platform: Uint8Array;
  archetype: Uint8Array;
  spender: Uint8Array;
  skill: Float32Array;
  /** Cyclical players: period in days and phase in [0, 1). */
  cyclePeriod: Float32Array;
  cyclePhase: Float32Array;
  /** Personal multiplier on session length (some players simply play longer). */
  lengthFactor: Float32Array;
}

const CYCLICAL = ARCHETYPES.indexOf('cyclical' satisfies Archetype);

export function computeBlockTraits(world: World, block: number): PlayerTraits {
  const [start, end] = blockRange(world, block);
  const count = end - start;
  const traits: PlayerTraits = {
    firstIndex: start,
    count,
    signupDay: new Int32Array(count),
    churnDay: new Int32Array(count),
    country: new Uint8Array(count),
    platform: new Uint8Array(count),
    archetype: new Uint8Array(count),
    spender: new Uint8Array(count),
    skill: new Float32Array(count),
    cyclePeriod: new Float32Array(count),
    cyclePhase: new Float32Array(count),
    lengthFactor: new Float32Array(count),
  };
  const { seed } = world;
  const decays = churnDecays(world.params.config.retention.decay);
  const [minPeriod, maxPeriod] = world.params.config.activity.cyclePeriodDays;
  let signupDay = signupDayOf(start, world.firstIdOfDay);
  for (let i = 0; i < count; i++) {
    const index = start + i;
    while (world.firstIdOfDay[signupDay + 1]! <= index) signupDay++;
    traits.signupDay[i] = signupDay;
    // Lifetime L with P(L > t) = (1 + t)^-decay; day 0 (the sign-up day) is always played.
    // A decay of 0 is a world where nobody churns (the prototype's). The acquisition channel sets
    // the player's own decay, and it and the age band the chance of paying (engine/profiles/).
    const behaviour = behaviourCode(seed, index);
    const decay = decays[behaviour]!;
    const u = 1 - uniform(seed, index, Purpose.churn);
    const lifetime = decay > 0 ? Math.floor(Math.pow(u, -1 / decay)) : Infinity;
    traits.churnDay[i] = Math.min(signupDay + Math.max(1, lifetime), 0x3fffffff);
    traits.country[i] = pickCumulative(world.countryCumulative, uniform(seed, index, Purpose.country));
    traits.platform[i] = pickCumulative(world.platformCumulative, uniform(seed, index, Purpose.platform));
    traits.archetype[i] = pickCumulative(world.archetypeCumulative, uniform(seed, index, Purpose.archetype));
    traits.spender[i] = pickSpender(world.spenderCumulative, payerFactor(behaviour), uniform(seed, index, Purpose.spender));
    traits.skill[i] = Math.min(0.99, Math.max(0.01, 0.5 + 0.16 * normal(seed, index, Purpose.skill)));
    if (traits.archetype[i] === CYCLICAL) {
      traits.cyclePeriod[i] = minPeriod + (maxPeriod - minPeriod) * uniform(seed, index, Purpose.playStyle, 1);
      traits.cyclePhase[i] = uniform(seed, index, Purpose.playStyle, 2);
    }
    traits.lengthFactor[i] = Math.exp(0.35 * normal(seed, index, Purpose.playStyle, 3));
  }
  return traits;
}

export function utcOffsetSeconds(countryIndex: number): number {
  return COUNTRIES[countryIndex]!.utcOffsetHours * 3600;
}
