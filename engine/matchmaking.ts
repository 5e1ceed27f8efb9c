import { GAME_MODES, type WorldConfig } from './config.js';
import { REGIONS } from './countries.js';
import type { Stream } from './random.js';

/**
 * Groups the day's players into matches. Players queue in their region for their chosen mode at
 * the moment they want to play; a match fills in queue order until it is full or its queue window
 * has passed, then starts when its last player arrives. Teams are consecutive queue places, as a
 * party-less matchmaker fills them.
 */

export interface QueuedPlayers {
  count: number;
  /** Index into the block's traits. */
  slot: Int32Array;
  mode: Uint8Array;
  region: Uint8Array;
  /** Second of the UTC day the player wants to start. */
  desiredStart: Int32Array;
}

export interface Matches {
  count: number;
  mode: Uint8Array;
  /** Second of the UTC day the match starts. */
  start: Int32Array;
  /** Players of match m are members[offset[m] .. offset[m+1]). */
  offset: Int32Array;
  /** Queue index (into QueuedPlayers) of each member, and the member's team number in its match. */
  members: Int32Array;
  team: Uint8Array;
}

const SLOT_BITS = 2 ** 21;

export function formMatches(queue: QueuedPlayers, modes: WorldConfig['modes'], rand: Stream): Matches {
  const n = queue.count;
  if (n >= SLOT_BITS) throw new RangeError(`matchmaking handles at most ${SLOT_BITS - 1} players per shard`);
  // One numeric sort key (group, start time, queue index) instead of a comparator: Float64Array
  // sorts natively, an order of magnitude faster than sorting objects.
  const keys = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const group = queue.mode[q]! * REGIONS.length + queue.region[q]!;
    keys[q] = (group * 86_400 + queue.desiredStart[q]!) * SLOT_BITS + q;
  }
  keys.sort();

  const mode = new Uint8Array(n);
  const start = new Int32Array(n);
  const offset = new Int32Array(n + 1);
  const members = new Int32Array(n);
  const team = new Uint8Array(n);
  let count = 0;
  let k = 0;
  while (k < n) {
    const first = keys[k]! % SLOT_BITS;
    const group = Math.floor(keys[k]! / SLOT_BITS / 86_400);
    const modeIndex = queue.mode[first]!;
    const cfg = modes[GAME_MODES[modeIndex]!];
    const teams = cfg.minTeams + Math.floor(rand() * (cfg.maxTeams - cfg.minTeams + 1));
    const teamSize = cfg.minTeamSize + Math.floor(rand() * (cfg.maxTeamSize - cfg.minTeamSize + 1));
    const capacity = teams * teamSize;
    const opensAt = queue.desiredStart[first]!;
    offset[count] = k;
    let size = 0;
    let startsAt = opensAt;
    while (k < n && size < capacity) {
      const q = keys[k]! % SLOT_BITS;
      if (Math.floor(keys[k]! / SLOT_BITS / 86_400) !== group) break;
      if (queue.desiredStart[q]! - opensAt > cfg.queueWindowSeconds) break;
      members[k] = q;
      team[k] = Math.floor(size / teamSize);
      startsAt = queue.desiredStart[q]!;
      size++;
      k++;
    }
    mode[count] = modeIndex;
    start[count] = startsAt;
    count++;
  }
  offset[count] = n;
  return { count, mode, start, offset, members, team };
}
