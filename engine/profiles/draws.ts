import { Purpose, hash32, uniform } from '../random.js';

/**
 * The keys of a player's profile draws: every profile column is a pure function of
 * (seed, player index) through `hash32(seed, index, Purpose.profile, draw)`, so a profile is the
 * same for any --threads, any --shard and any order of work.
 */
export const ProfileDraw = {
  /** Channel and age band share one hash (16 bits each): they are drawn wherever traits are. */
  channelAndAge: 1,
  language: 2,
  device: 3,
  marketingOptIn: 4,
  gamertagStyle: 5,
  gamertagKey: 6,
} as const;

export function profileHash(seed: number, index: number, draw: number): number {
  return hash32(seed, index, Purpose.profile, draw);
}

export function profileUniform(seed: number, index: number, draw: number): number {
  return uniform(seed, index, Purpose.profile, draw);
}
