import { cumulativeShares, pickCumulative } from '../random.js';
import { AGE_BANDS, AGE_BAND_PROFILES } from './ageBands.js';
import { ACQUISITION_CHANNELS, CHANNEL_PROFILES } from './channels.js';
import { ProfileDraw, highUniform, lowUniform, profileHash } from './draws.js';

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

const channelPayer = normalised(CHANNELS.map((c) => c.payer), CHANNELS.map((c) => c.share));
const agePayer = normalised(BANDS.map((b) => b.payer), BANDS.map((b) => b.share));

// Channel and age band are drawn independently, so the mean of their product is 1 as well.
const PAYER_BY_CODE = Float64Array.from({ length: CHANNELS.length * AGE_COUNT }, (_, code) => channelPayer[Math.floor(code / AGE_COUNT)]! * agePayer[code % AGE_COUNT]!);

export function behaviourCode(seed: number, index: number): BehaviourCode {
  const h = profileHash(seed, index, ProfileDraw.channelAndAge);
  const channel = pickCumulative(CHANNEL_CUMULATIVE, highUniform(h));
  const band = pickCumulative(AGE_CUMULATIVE, lowUniform(h));
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

/**
 * The day the whole population's churn curve is held to: channels move players along it, but
 * P(L > t) = (1 + t)^-decay stays exact at t = 14 and within a few tenths of a point at D1, D7 and
 * D30 (a mixture of power laws is not one, so it cannot be exact everywhere).
 */
const REFERENCE_DAY = 14;
const decaysByWorld = new Map<number, Float64Array>();

/**
 * Per behaviour code, the decay of the player's churn curve P(L > t) = (1 + t)^-d: the world's
 * decay times the channel's retention factor, scaled so the channel mix keeps the world's curve.
 * Below the world's decay the player stays longer. Computed once per decay value.
 */
export function churnDecays(decay: number): Float64Array {
  let decays = decaysByWorld.get(decay);
  if (!decays) {
    const scale = decay > 0 ? mixScale(decay) : 1;
    decays = Float64Array.from({ length: CHANNELS.length * AGE_COUNT }, (_, code) => decay * scale * CHANNELS[Math.floor(code / AGE_COUNT)]!.retention);
    decaysByWorld.set(decay, decays);
  }
  return decays;
}

/** Solves Σ share · (1 + t)^-(decay · scale · retention) = (1 + t)^-decay for the scale, by bisection. */
function mixScale(decay: number): number {
  const total = CHANNELS.reduce((sum, c) => sum + c.share, 0);
  const survival = (scale: number) => CHANNELS.reduce((sum, c) => sum + (c.share / total) * Math.pow(1 + REFERENCE_DAY, -decay * scale * c.retention), 0);
  const target = Math.pow(1 + REFERENCE_DAY, -decay);
  let low = 0;
  let high = 1;
  while (survival(high) > target) high *= 2;
  for (let step = 0; step < 60; step++) {
    const middle = (low + high) / 2;
    if (survival(middle) > target) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
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
