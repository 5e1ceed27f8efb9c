import { pickCumulative, type Stream } from './random.js';

/**
 * Kills and deaths inside one match. Every kill is one event with a killer and a victim on
 * different teams, so sum(kills) = sum(deaths) by construction. Better players kill more and die
 * less; players who stay longer take part in more fights.
 */
let scratch = { victim: new Float64Array(128), killer: new Float64Array(128) };

export function assignKills(
  size: number,
  team: ArrayLike<number>,
  skill: ArrayLike<number>,
  lengthSeconds: ArrayLike<number>,
  killsPerMinute: number,
  rand: Stream,
  kills: Int32Array,
  deaths: Int32Array,
): void {
  kills.fill(0, 0, size);
  deaths.fill(0, 0, size);
  let multiTeam = false;
  for (let j = 1; j < size && !multiTeam; j++) multiTeam = team[j] !== team[0];
  if (!multiTeam) return;

  // Scratch reused from match to match: a fresh pair per match was most of this function's garbage.
  if (scratch.victim.length < size) scratch = { victim: new Float64Array(size), killer: new Float64Array(size) };
  const victimWeight = scratch.victim;
  const killerWeight = scratch.killer;
  let victimTotal = 0;
  let killerTotal = 0;
  let minutes = 0;
  for (let j = 0; j < size; j++) {
    const s = skill[j]!;
    const len = lengthSeconds[j]!;
    victimTotal += len * (1.1 - s);
    killerTotal += len * (s + 0.1) * (s + 0.1);
    victimWeight[j] = victimTotal;
    killerWeight[j] = killerTotal;
    minutes += len / 60;
  }
  const events = Math.round(minutes * killsPerMinute * (0.5 + rand()));
  for (let e = 0; e < events; e++) {
    const victim = pickCumulative(victimWeight, rand() * victimTotal, size);
    for (let attempt = 0; attempt < 16; attempt++) {
      const killer = pickCumulative(killerWeight, rand() * killerTotal, size);
      if (team[killer] !== team[victim]) {
        kills[killer]!++;
        deaths[victim]!++;
        break;
      }
    }
  }
}

