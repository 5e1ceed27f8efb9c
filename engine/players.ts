import { ARCHETYPES, type Archetype } from './config.js';
import { COUNTRIES } from './countries.js';
import { Purpose, normal, pickCumulative, uniform } from './random.js';
import { signupDayOf } from './acquisition.js';
import { blockRange, type World } from './world.js';
import { lifetimeFromSurvival, NEVER_CHURNS } from './retention.js';
import { behaviourCode, payerFactor, pickSpender } from './profiles/behaviour.js';

/**
 * The fixed traits of a set of players, as parallel typed arrays (no per-player objects: a set
 * holds up to millions). Each trait is a pure function of (seed, player), so any set can be
 * computed alone: a whole block for the players file, or only the players still alive on the days
 * a unit simulates (a few percent of a two-year world's sign-ups on its late days).
 */
export interface PlayerTraits {
  count: number;
  /** Player index of each slot, ascending; `player_id` = index + 1. */
  index: Int32Array;
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
  /** 1 once country, platform, skill and lengthFactor are filled (see ensurePlayTraits). */
  playReady: Uint8Array;
}

const CYCLICAL = ARCHETYPES.indexOf('cyclical' satisfies Archetype);


/** Every player of a block, in id order, every trait computed. */
export function computeBlockTraits(world: World, block: number): PlayerTraits {
  const [start, end] = blockRange(world, block);
  const index = new Int32Array(end - start);
  for (let i = 0; i < index.length; i++) index[i] = start + i;
  const traits = computeTraits(world, index);
  for (let i = 0; i < traits.count; i++) ensurePlayTraits(world, traits, i);
  return traits;
}

/**
 * The traits of the players whose indices are given (ascending). Only what deciding whether a
 * player signs on and pays needs is computed here; the traits of play (country, platform, skill,
 * session length) wait for `ensurePlayTraits`, since on any day most of the living stay away.
 */
export function computeTraits(world: World, index: Int32Array): PlayerTraits {
  const count = index.length;
  const traits: PlayerTraits = {
    count,
    index,
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
    playReady: new Uint8Array(count),
  };
  const { seed } = world;
  const [minPeriod, maxPeriod] = world.params.config.activity.cyclePeriodDays;
  let signupDay = count > 0 ? signupDayOf(index[0]!, world.firstIdOfDay) : 0;
  for (let i = 0; i < count; i++) {
    const player = index[i]!;
    while (world.firstIdOfDay[signupDay + 1]! <= player) signupDay++;
    traits.signupDay[i] = signupDay;
    // The acquisition channel sets the player's own churn curve, and it and the age band the
    // chance of paying (engine/profiles/behaviour.ts).
    const behaviour = behaviourCode(seed, player);
    traits.churnDay[i] = Math.min(signupDay + lifetimeFromSurvival(world, player, world.survival[behaviour]!), NEVER_CHURNS);
    traits.archetype[i] = pickCumulative(world.archetypeCumulative, uniform(seed, player, Purpose.archetype));
    traits.spender[i] = pickSpender(world.spenderCumulative, payerFactor(behaviour), uniform(seed, player, Purpose.spender));
    if (traits.archetype[i] === CYCLICAL) {
      traits.cyclePeriod[i] = minPeriod + (maxPeriod - minPeriod) * uniform(seed, player, Purpose.playStyle, 1);
      traits.cyclePhase[i] = uniform(seed, player, Purpose.playStyle, 2);
    }
  }
  return traits;
}

/** Fills the traits of play of slot `i` once. */
export function ensurePlayTraits(world: World, traits: PlayerTraits, i: number): void {
  if (traits.playReady[i] === 1) return;
  traits.playReady[i] = 1;
  const { seed } = world;
  const player = traits.index[i]!;
  traits.country[i] = pickCumulative(world.countryCumulative, uniform(seed, player, Purpose.country));
  traits.platform[i] = pickCumulative(world.platformCumulative, uniform(seed, player, Purpose.platform));
  traits.skill[i] = Math.min(0.99, Math.max(0.01, 0.5 + 0.16 * normal(seed, player, Purpose.skill)));
  traits.lengthFactor[i] = Math.exp(0.35 * normal(seed, player, Purpose.playStyle, 3));
}

export function utcOffsetSeconds(countryIndex: number): number {
  return COUNTRIES[countryIndex]!.utcOffsetHours * 3600;
}
