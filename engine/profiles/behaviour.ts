import { cumulativeShares, pickCumulative } from '../random.js';
import { AGE_BANDS, AGE_BAND_PROFILES } from './ageBands.js';
import { ACQUISITION_CHANNELS, CHANNEL_PROFILES } from './channels.js';
import { ProfileDraw, profileHash } from './draws.js';

/**
 * The two profile columns the simulation itself feels: a player's acquisition channel (retention
 * and spending) and age band (spending). Both come from one hash, 16 bits each, because they are
 * drawn wherever player traits are computed; the packed `BehaviourCode` indexes small tables of
 * factors, so applying them costs a lookup.
 */
export type BehaviourCode = number;

const CHANNELS = ACQUISITION_CHANNELS.map((channel) => CHANNEL_PROFILES[channel]);
const BANDS = AGE_BANDS.map((band) => AGE_BAND_PROFILES[band]);
const CHANNEL_CUMULATIVE = cumulativeShares(CHANNELS.map((c) => c.share));
const AGE_CUMULATIVE = cumulativeShares(BANDS.map((b) => b.share));
const AGE_COUNT = BANDS.length;

/** Factors divided by their mean over the mix, so the world as a whole keeps its calibration. */
function normalised(factors: readonly number[], shares: readonly number[]): number[] {
  const total = shares.reduce((sum, s) => sum + s, 0);
  const mean = factors.reduce((sum, f, i) => sum + (f * shares[i]!) / total, 0);
  return factors.map((f) => f / mean);
}

const channelRetention = normalised(CHANNELS.map((c) => c.retention), CHANNELS.map((c) => c.share));
const channelPayer = normalised(CHANNELS.map((c) => c.payer), CHANNELS.map((c) => c.share));
const agePayer = normalised(BANDS.map((b) => b.payer), BANDS.map((b) => b.share));

const RETENTION_BY_CODE = Float64Array.from({ length: CHANNELS.length * AGE_COUNT }, (_, code) => channelRetention[Math.floor(code / AGE_COUNT)]!);
// Channel and age band are drawn independently, so the mean of their product is 1 as well.
const PAYER_BY_CODE = Float64Array.from({ length: CHANNELS.length * AGE_COUNT }, (_, code) => channelPayer[Math.floor(code / AGE_COUNT)]! * agePayer[code % AGE_COUNT]!);

export function behaviourCode(seed: number, index: number): BehaviourCode {
  const h = profileHash(seed, index, ProfileDraw.channelAndAge);
  const channel = pickCumulative(CHANNEL_CUMULATIVE, (h >>> 16) / 65536);
  const band = pickCumulative(AGE_CUMULATIVE, (h & 0xffff) / 65536);
  return channel * AGE_COUNT + band;
}

/** Index into ACQUISITION_CHANNELS. */
export function channelOf(code: BehaviourCode): number {
  return Math.floor(code / AGE_COUNT);
}

/** Index into AGE_BANDS. */
export function ageBandOf(code: BehaviourCode): number {
  return code % AGE_COUNT;
}

/** What multiplies the churn curve's decay: below 1 the player stays longer. */
export function retentionDecayFactor(code: BehaviourCode): number {
  return RETENTION_BY_CODE[code]!;
}

/** What multiplies the chance of being a paying player. */
export function payerFactor(code: BehaviourCode): number {
  return PAYER_BY_CODE[code]!;
}

/**
 * The spender segment from a uniform draw, with the chance of paying at all (any segment but the
 * first, `none`) scaled by `factor` and the paying segments keeping their proportions. A factor of
 * 1 gives exactly `pickCumulative(cumulative, u)`.
 */
export function pickSpender(cumulative: ArrayLike<number>, factor: number, u: number): number {
  const noneShare = cumulative[0]!;
  const payerShare = 1 - noneShare;
  if (payerShare <= 0 || factor === 1) return pickCumulative(cumulative, u);
  const adjusted = Math.min(1, payerShare * factor);
  const threshold = 1 - adjusted;
  if (u < threshold) return 0;
  return pickCumulative(cumulative, noneShare + (u - threshold) * (payerShare / adjusted));
}
