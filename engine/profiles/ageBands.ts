/**
 * Players' ages, in the bands analysts segment by, with shares for a PC/console shooter (an
 * audience centred on 18–34, as ESA's and Newzoo's audience surveys put it) and how likely each
 * band is to pay: teenagers least (little income of their own, parental spending limits), players
 * in their late twenties to forties most. `payer` is normalised over the mix (behaviour.ts).
 */
export interface AgeBandProfile {
  share: number;
  payer: number;
}

export const AGE_BANDS = ['13-17', '18-24', '25-34', '35-44', '45+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const AGE_BAND_PROFILES: Readonly<Record<AgeBand, AgeBandProfile>> = Object.freeze({
  '13-17': { share: 0.14, payer: 0.55 },
  '18-24': { share: 0.3, payer: 0.9 },
  '25-34': { share: 0.31, payer: 1.25 },
  '35-44': { share: 0.16, payer: 1.2 },
  '45+': { share: 0.09, payer: 0.85 },
});
