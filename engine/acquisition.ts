import type { WorldConfig } from './config.js';
import { isWeekend } from './calendar.js';

/**
 * When players sign up. Player ids are handed out in sign-up order, so the sign-up curve is a
 * table of the first id of each day: `firstIdOfDay[d]` players signed up before day d, and
 * `firstIdOfDay[days]` is exactly the number of players. The shape has a launch spike that decays,
 * a bump at each content season, and busier weekends.
 */
export function signupCurve(players: number, days: number, startEpochDay: number, config: WorldConfig['acquisition']): Float64Array {
  const weights = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    let w = config.baseline + config.launchSpike * Math.exp(-d / config.launchDecayDays);
    const seasonDay = d % config.seasonLengthDays;
    if (d >= config.seasonLengthDays) w += config.seasonBump * Math.exp(-seasonDay / config.seasonDecayDays);
    if (isWeekend(startEpochDay + d)) w *= config.weekendFactor;
    weights[d] = w;
  }
  const total = weights.reduce((s, w) => s + w, 0);
  const firstIdOfDay = new Float64Array(days + 1);
  let running = 0;
  for (let d = 0; d < days; d++) {
    firstIdOfDay[d] = Math.round((players * running) / total);
    running += weights[d]!;
  }
  firstIdOfDay[days] = players;
  return firstIdOfDay;
}

/** The sign-up day of a player index (0-based), by binary search over the curve. */
export function signupDayOf(index: number, firstIdOfDay: Float64Array): number {
  let lo = 0;
  let hi = firstIdOfDay.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (firstIdOfDay[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
