import { ARCHETYPES, type WorldConfig } from './config.js';
import { isWeekend } from './calendar.js';
import { Purpose, uniform } from './random.js';
import type { PlayerTraits } from './players.js';
import type { World } from './world.js';

const CYCLICAL = ARCHETYPES.indexOf('cyclical');

/** Per-archetype sign-on chances, indexed [archetype][weekend ? 1 : 0], resolved once per world. */
export function archetypeChances(config: WorldConfig): Float64Array[] {
  return ARCHETYPES.map((a) => {
    const c = config.activity.archetypes[a];
    return Float64Array.of(c.weekdayChance, c.weekendChance);
  });
}

/** Engagement lift in the first days of each content season (none in the launch season). */
export function seasonLift(config: WorldConfig, day: number): number {
  const { seasonLengthDays, seasonDecayDays } = config.acquisition;
  if (day < seasonLengthDays) return 1;
  return 1 + config.activity.seasonLift * Math.exp(-(day % seasonLengthDays) / seasonDecayDays);
}

/**
 * Whether player `i` of the block signs on on `day`: never before sign-up or from churn on, always
 * on the sign-up day, otherwise by archetype, weekday vs weekend, the player's age (new players
 * play more), the content season and, for cyclical players, where they are in their cycle.
 */
export function signsOn(world: World, traits: PlayerTraits, chances: Float64Array[], lift: number, i: number, day: number): boolean {
  const signup = traits.signupDay[i]!;
  if (day < signup || day >= traits.churnDay[i]!) return false;
  if (day === signup) return true;
  const archetype = traits.archetype[i]!;
  let chance = chances[archetype]![world.weekend[day]!]!;
  if (archetype === CYCLICAL) {
    const wave = 0.5 + 0.5 * Math.sin(2 * Math.PI * (day / traits.cyclePeriod[i]! + traits.cyclePhase[i]!));
    chance *= 0.25 + 1.5 * wave;
  }
  chance *= world.noveltyByAge[day - signup]! * lift;
  return uniform(world.seed, traits.index[i]!, Purpose.active, day) < Math.min(0.98, chance);
}

/** 1 + novelty · e^(−age/noveltyDays) for every age of the world: signsOn runs millions of times a unit. */
export function noveltyByAge(config: WorldConfig, days: number): Float64Array {
  const { novelty, noveltyDays } = config.activity;
  return Float64Array.from({ length: days + 1 }, (_, age) => 1 + novelty * Math.exp(-age / noveltyDays));
}

/** 1 on the world's Saturdays and Sundays (UTC), by relative day. */
export function weekendDays(startEpochDay: number, days: number): Uint8Array {
  return Uint8Array.from({ length: days + 1 }, (_, day) => (isWeekend(startEpochDay + day) ? 1 : 0));
}
