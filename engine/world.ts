import { createNoise2D, type NoiseFunction2D } from 'simplex-noise';
import type { WorldConfig } from './config.js';
import { signupCurve } from './acquisition.js';
import { survivalByBehaviour } from './retention.js';
import { noveltyByAge, weekendDays } from './activity.js';
import { COUNTRIES } from './countries.js';
import { cumulativeShares, numericSeed, shardStream } from './random.js';
import { ARCHETYPES, GAME_MODES, PLATFORMS, SPENDER_SEGMENTS } from './config.js';

/** What defines a simulated world: the same parameters give the same rows, on any machine. */
export interface WorldParams {
  seed: string;
  players: number;
  days: number;
  /** First simulated day, as a UTC epoch day. */
  startEpochDay: number;
  /** Players per block: the unit of work along the player axis (never derived from threads). */
  blockSize: number;
  /** Share of matches that log position heartbeats, in [0, 1]. */
  heartbeatShare: number;
  config: WorldConfig;
}

/** Parameters plus the tables derived from them once, shared by every shard of a run. */
export interface World {
  params: WorldParams;
  seed: number;
  firstIdOfDay: Float64Array;
  countryCumulative: Float64Array;
  platformCumulative: Float64Array;
  archetypeCumulative: Float64Array;
  spenderCumulative: Float64Array;
  modeCumulative: Float64Array;
  /**
   * One simplex-noise field for the whole world, which wandering teams read at far-apart
   * coordinates: a field per match would cost a permutation table each, and one per unit made V8
   * optimise a fresh closure every unit.
   */
  noise: NoiseFunction2D;
  /** Chance of still playing by age in days, per behaviour code (see survivalByBehaviour). */
  survival: Float64Array[];
  /** Sign-on tables by relative day and by player age (see activity.ts). */
  weekend: Uint8Array;
  noveltyByAge: Float64Array;
}

export function createWorld(params: WorldParams): World {
  const { config } = params;
  return {
    params,
    seed: numericSeed(params.seed),
    firstIdOfDay: signupCurve(params.players, params.days, params.startEpochDay, config.acquisition),
    countryCumulative: cumulativeShares(COUNTRIES.map((c) => c.share)),
    platformCumulative: cumulativeShares(PLATFORMS.map((p) => (p === 'PC' ? 0.5 : p === 'PlayStation' ? 0.3 : 0.2))),
    archetypeCumulative: cumulativeShares(ARCHETYPES.map((a) => config.activity.archetypes[a].share)),
    spenderCumulative: cumulativeShares(SPENDER_SEGMENTS.map((s) => config.purchases.spenders[s].share)),
    modeCumulative: cumulativeShares(GAME_MODES.map((m) => config.modes[m].share)),
    noise: createNoise2D(shardStream(params.seed, 'world', 'noise')),
    survival: survivalByBehaviour(config.retention.decay, params.days),
    weekend: weekendDays(params.startEpochDay, params.days),
    noveltyByAge: noveltyByAge(config, params.days),
  };
}

export function blockCount(world: World): number {
  return Math.ceil(world.params.players / world.params.blockSize);
}

/** The player-index range [start, end) of a block. */
export function blockRange(world: World, block: number): [number, number] {
  const start = block * world.params.blockSize;
  return [start, Math.min(world.params.players, start + world.params.blockSize)];
}

/** How many players of a block have signed up by the end of `day` (relative day index). */
export function signedUpInBlock(world: World, block: number, day: number): number {
  const [start, end] = blockRange(world, block);
  const signedUp = world.firstIdOfDay[day + 1]!;
  return Math.max(0, Math.min(end, signedUp) - start);
}
