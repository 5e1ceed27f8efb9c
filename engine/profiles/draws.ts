import { Purpose, hash32 } from '../random.js';

/**
 * The keys of a player's profile draws: every profile column is a pure function of
 * (seed, player index) through `hash32(seed, index, Purpose.profile, draw)`, so a profile is the
 * same for any --threads, any --shard and any order of work.
 */
export const ProfileDraw = {
  // Two columns per hash, 16 bits each (shares resolve to 1/65,536): half the hashing per player.
  /** Channel and age band: also drawn wherever traits are (behaviour.ts). */
  channelAndAge: 1,
  languageAndDevice: 2,
  marketingOptInAndGamertagStyle: 3,
  /** Per seed, not per player: the key of the gamertag bijection. */
  gamertagKey: 4,
} as const;

/** The high and low 16 bits of a hash as two uniforms in [0, 1). */
export function highUniform(hash: number): number {
  return (hash >>> 16) / 65536;
}

export function lowUniform(hash: number): number {
  return (hash & 0xffff) / 65536;
}

export function profileHash(seed: number, index: number, draw: number): number {
  return hash32(seed, index, Purpose.profile, draw);
}
