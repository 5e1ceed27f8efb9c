import seedrandom from 'seedrandom';

/**
 * Randomness as pure functions. Every draw is a function of (seed, entity, day, purpose), never of
 * the order in which work runs, so any shard can be computed alone and any thread count gives the
 * same rows. Per-entity draws use a stateless integer hash (billions of them, no allocation);
 * sequential work inside one shard (matchmaking, movement parameters) uses a seedrandom stream
 * seeded by the shard's name.
 */

/** Stream purposes, so that two draws about the same entity never share a hash. */
export const Purpose = {
  signup: 1,
  country: 2,
  platform: 3,
  archetype: 4,
  spender: 5,
  skill: 6,
  churn: 7,
  playStyle: 8,
  active: 9,
  playsMatch: 10,
  startTime: 11,
  signonGap: 12,
  gameMode: 13,
  sessionLength: 14,
  purchase: 15,
  purchaseItem: 16,
  battlePass: 17,
  heartbeatsLogged: 18,
  cycle: 19,
  /** engine/profiles/: one Purpose, with the column as the third key (ProfileDraw). */
  profile: 20,
  combat: 21,
  movement: 22,
} as const;

/** murmur3's 32-bit finalizer: a cheap, well-mixed bijection on uint32. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A uint32 hash of a seed and up to three integer keys. */
export function hash32(seed: number, a: number, b = 0, c = 0): number {
  let h = mix32(seed ^ 0x9e3779b9);
  h = mix32(h ^ Math.imul(a | 0, 0x27d4eb2f) ^ ((a / 4294967296) | 0));
  h = mix32(h ^ Math.imul(b | 0, 0x165667b1));
  return mix32(h ^ Math.imul(c | 0, 0x61c88647));
}

/** A uniform number in [0, 1) from a seed and keys. */
export function uniform(seed: number, a: number, b = 0, c = 0): number {
  return hash32(seed, a, b, c) / 4294967296;
}

/** A standard normal from two hashed uniforms (Box–Muller). */
export function normal(seed: number, a: number, b = 0, c = 0): number {
  const u1 = (hash32(seed, a, b, c) + 1) / 4294967297;
  const u2 = hash32(seed ^ 0x5bd1e995, a, b, c) / 4294967296;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** The 32-bit numeric seed behind a user's seed string. */
export function numericSeed(seed: string): number {
  return seedrandom(`sprint:${seed}`).int32() >>> 0;
}

/** A sequential stream for work inside one shard, named so that shards never share one. */
export type Stream = () => number;
export function shardStream(seed: string, shardName: string, purpose: string): Stream {
  return seedrandom.alea(`${seed}|${shardName}|${purpose}`);
}

/** Picks an index from cumulative weights (ascending, last = 1) by a uniform draw; only the first `length` count. */
export function pickCumulative(cumulative: ArrayLike<number>, u: number, length = cumulative.length): number {
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u < cumulative[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Cumulative shares of a list of weights, normalised to end at 1. */
export function cumulativeShares(weights: readonly number[]): Float64Array {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const out = new Float64Array(weights.length);
  let running = 0;
  weights.forEach((w, i) => {
    running += w / total;
    out[i] = running;
  });
  out[weights.length - 1] = 1;
  return out;
}

/**
 * A sequential stream for one match (its fights, its teams' paths), seeded by the session id: any
 * match can be replayed alone, so the unit that writes a date can finish the matches that began
 * the evening before without replaying every match before them. A Weyl sequence through murmur3's
 * finalizer (splitmix32): two multiplies a draw and nothing to allocate, where seeding a
 * seedrandom stream per match would cost a string hash.
 */
export function matchStream(seed: number, sessionId: number, purpose: number): Stream {
  let state = hash32(seed, sessionId, purpose);
  return () => {
    state = (state + 0x9e3779b9) | 0;
    return mix32(state) / 4294967296;
  };
}
