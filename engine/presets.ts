import { DEFAULT_CONFIG, type WorldConfig } from './config.js';
import { mergeConfig } from './mergeConfig.js';

/**
 * Named worlds. `prototype` is the original Python prototype's small world, kept reachable for
 * comparison: 1,000 players over one year, nobody churns, flat sign-on patterns (90% daily, or
 * 80% on weekdays / 30% at weekends, or a sine cycle), and its spend buckets — 65% never pay, 25%
 * spend $1–10 (minnow), 5% $10–50 (dolphin), the rest more (whale).
 */
export interface Preset {
  players: number;
  days: number;
  config: WorldConfig;
}

const PROTOTYPE_OVERRIDES = {
  acquisition: { launchSpike: 0, seasonBump: 0, weekendFactor: 1 },
  retention: { decay: 0 },
  activity: {
    archetypes: {
      daily: { share: 1, weekdayChance: 0.9, weekendChance: 0.9 },
      weekday: { share: 1, weekdayChance: 0.8, weekendChance: 0.3 },
      weekend: { share: 0, weekdayChance: 0, weekendChance: 0 },
      casual: { share: 0, weekdayChance: 0, weekendChance: 0 },
      cyclical: { share: 1, weekdayChance: 0.5, weekendChance: 0.5 },
    },
    novelty: 0,
    seasonLift: 0,
  },
  purchases: {
    spenders: {
      none: { share: 0.65, purchaseChancePerActiveDay: 0, battlePassChance: 0, premiumChance: 0 },
      minnow: { share: 0.25, purchaseChancePerActiveDay: 0.005, battlePassChance: 0, premiumChance: 0 },
      dolphin: { share: 0.05, purchaseChancePerActiveDay: 0.005, battlePassChance: 0, premiumChance: 1 },
      whale: { share: 0.05, purchaseChancePerActiveDay: 0.02, battlePassChance: 0.5, premiumChance: 1 },
    },
  },
};

export const PRESETS: Readonly<Record<string, Preset>> = Object.freeze({
  default: { players: 20_000, days: 730, config: DEFAULT_CONFIG },
  prototype: { players: 1000, days: 365, config: mergeConfig(DEFAULT_CONFIG, PROTOTYPE_OVERRIDES, 'preset prototype') as WorldConfig },
});
