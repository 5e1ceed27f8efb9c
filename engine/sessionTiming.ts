import type { GameModeConfig, WorldConfig } from './config.js';
import { SECONDS_PER_DAY } from './calendar.js';
import { Purpose, normal, uniform } from './random.js';
import { utcOffsetSeconds } from './players.js';

/**
 * When in the UTC day a player wants to play: a local-time mixture of an evening peak and an
 * afternoon hump, shifted by the player's UTC offset and wrapped into the same UTC day, so the
 * session's start date is the sign-on's date.
 */
export function desiredStartSecond(seed: number, config: WorldConfig['sessions'], playerIndex: number, day: number, countryIndex: number): number {
  const evening = uniform(seed, playerIndex, Purpose.startTime, day) < config.eveningShare;
  const hour = evening
    ? config.eveningPeakHour + config.eveningSpreadHours * normal(seed, playerIndex, Purpose.startTime + 100, day)
    : config.afternoonPeakHour + config.afternoonSpreadHours * normal(seed, playerIndex, Purpose.startTime + 200, day);
  const local = Math.floor(hour * 3600);
  const utc = local - utcOffsetSeconds(countryIndex);
  return ((utc % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
}

/** The sign-on precedes play by a short gap, never crossing back into the previous UTC day. */
export function signonSecond(seed: number, config: WorldConfig['sessions'], playerIndex: number, day: number, startSecond: number): number {
  const gap = Math.floor(uniform(seed, playerIndex, Purpose.signonGap, day) * config.maxSignonGapSeconds);
  return gap <= startSecond ? startSecond - gap : Math.floor(startSecond * uniform(seed, playerIndex, Purpose.signonGap + 100, day));
}

/** A player's time in a match: Weibull, heavy-tailed, scaled per mode and per player. */
export function sessionLengthSeconds(seed: number, sessions: WorldConfig['sessions'], mode: GameModeConfig, playerIndex: number, day: number, lengthFactor: number): number {
  const u = uniform(seed, playerIndex, Purpose.sessionLength, day);
  const length = mode.sessionScaleSeconds * lengthFactor * Math.pow(-Math.log(1 - u), 1 / sessions.weibullShape);
  return Math.round(Math.min(sessions.maxSeconds, Math.max(sessions.minSeconds, length)));
}
