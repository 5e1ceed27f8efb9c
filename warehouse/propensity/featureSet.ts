/**
 * The inputs of the purchase-propensity models: columns of sprint_mart.player_propensity_features,
 * all of them known at the end of a player's first week. The simulator's hidden truths are listed
 * so that a test (and `assertNoHiddenTruth`) can prove none of them is ever a model input.
 */
export const FEATURE_TABLE = 'sprint_mart.player_propensity_features';

/** Counts, times and money: the models see log(1 + x), standardised on the fitting rows. */
export const NUMERIC_FEATURES = [
  'signon_days',
  'active_days_4_to_6',
  'weekend_signon_days',
  'last_signon_day',
  'days_played',
  'sessions',
  'play_time_seconds',
  'modes_played',
  'battle_royale_sessions',
  'kills',
  'deaths',
  'kd_ratio',
  'encounters',
  'purchases_w1',
  'spend_w1',
  'battle_pass_w1',
  'premium_purchases_w1',
  // Where in its content season the player signed up. The season's index (signup_season) is not
  // an input: split by time, the test cohorts' season is one the models have barely seen.
  'signup_day_of_season',
] as const;

/** One-hot encoded; a level seen on fewer than MIN_LEVEL_PLAYERS fitting rows joins "other". */
export const CATEGORICAL_FEATURES = [
  'country',
  'platform',
  'language',
  'age_band',
  'device',
  'acquisition_channel',
  'marketing_opt_in',
  'signup_weekday',
] as const;

export const MIN_LEVEL_PLAYERS = 30;

/** What the simulator knows and a studio never would; never a feature, nor anything derived from it. */
export const HIDDEN_TRUTHS = ['spender_segment', 'archetype', 'skill', 'churn_date'] as const;

/** Known to the studio but never an input: an identifier, unique per player, that a model could only memorise. */
export const NOT_FEATURES = ['gamertag'] as const;

export type FeatureName = (typeof NUMERIC_FEATURES)[number] | (typeof CATEGORICAL_FEATURES)[number];

export const FEATURES: readonly FeatureName[] = [...NUMERIC_FEATURES, ...CATEGORICAL_FEATURES];

export function assertNoHiddenTruth(features: readonly string[]): void {
  const leaked = features.filter((feature) => [...HIDDEN_TRUTHS, ...NOT_FEATURES].some((hidden) => feature.includes(hidden)));
  if (leaked.length > 0) throw new Error(`hidden truths must never be features: ${leaked.join(', ')}`);
}
