/**
 * Where players came from, and what that does to them. Published acquisition studies agree on
 * the order: players acquired through paid ads retain worse than organic ones (AppsFlyer's and
 * Adjust's retention benchmarks by media source), and referred players retain and spend more
 * (Schmitt, Skiera & Van den Bulte, "Referral Programs and Customer Value", J. Marketing 2011:
 * referred customers were about 18% more likely to stay and about 16% more valuable).
 *
 * `retention` multiplies the churn curve's decay (higher: churns sooner); `payer` multiplies the
 * chance of being a paying player. Both are normalised over the channel mix (behaviour.ts), so
 * the world's KPIs as a whole stay where engine/config.ts puts them. With these factors D7
 * survival is about 28% for paid social, 37% organic and 48% referral (35% overall).
 */
export interface ChannelProfile {
  share: number;
  retention: number;
  payer: number;
}

export const ACQUISITION_CHANNELS = ['organic', 'paid_social', 'search', 'influencer', 'cross_promotion', 'referral'] as const;
export type AcquisitionChannel = (typeof ACQUISITION_CHANNELS)[number];

export const CHANNEL_PROFILES: Readonly<Record<AcquisitionChannel, ChannelProfile>> = Object.freeze({
  organic: { share: 0.4, retention: 1, payer: 1 },
  paid_social: { share: 0.18, retention: 1.3, payer: 0.9 },
  search: { share: 0.12, retention: 1.1, payer: 1 },
  influencer: { share: 0.1, retention: 1.2, payer: 0.85 },
  // Players of the publisher's other games: already used to the store.
  cross_promotion: { share: 0.1, retention: 1.05, payer: 1.1 },
  referral: { share: 0.1, retention: 0.75, payer: 1.15 },
});
