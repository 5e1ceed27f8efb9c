import { RAW_SCHEMA } from '../rawViews.js';
import { META_SCHEMA } from '../buildState.js';

/** What each schema is for, in the order a reader follows the data. */
export const SCHEMAS: readonly { name: string; description: string }[] = [
  { name: RAW_SCHEMA, description: 'Views straight over the lake’s Parquet files; nothing is copied. Reading them reads the lake.' },
  { name: 'sprint_digest', description: 'What the build digests from the heartbeat files in one pass: one row per player run, one per pair of teams close at a tick. The heartbeat views of sprint_stage read them.' },
  { name: 'sprint_dim', description: 'Dimensions: one row per player and per product.' },
  { name: 'sprint_stage', description: 'Facts cleaned from the raw events, and the steps that find close encounters.' },
  { name: 'sprint_mart', description: 'Tables the business questions and this report are answered from.' },
  { name: META_SCHEMA, description: 'Bookkeeping of the last build: what it read, so the next build redoes only what changed.' },
];

/** Descriptions of the relations that have no model file: the raw views and the build's own tables. */
const RELATIONS: Readonly<Record<string, string>> = {
  [`${RAW_SCHEMA}.players`]: 'The lake’s players/ files: one row per player who signed up in the simulated window.',
  [`${RAW_SCHEMA}.products`]: 'The lake’s products/ files: the catalogue of about 40 products.',
  [`${RAW_SCHEMA}.event_signons`]: 'The lake’s signons/ partitions: one row per player-day with a sign-on.',
  [`${RAW_SCHEMA}.event_session`]: 'The lake’s sessions/ partitions: one row per player per session, written at the session’s end.',
  [`${RAW_SCHEMA}.event_transaction`]: 'The lake’s transactions/ partitions: purchases and battle-pass renewals.',
  [`${RAW_SCHEMA}.event_heartbeat`]: 'The lake’s heartbeats/ partitions: every player’s position every 30 s while in a session.',
  'sprint_digest.session_beats': 'One row per run of a player’s heartbeats in a heartbeat file (a player’s beats in a session are one run): its count and first and last beat.',
  'sprint_digest.close_ticks': 'One row per pair of teams of a session whose centroids are within the encounter threshold at a tick, with their squared distance.',
  'sprint_mart.player_purchase_propensity': 'Written by npm run propensity: each eligible player’s purchase-propensity score, decile and segment.',
  'sprint_mart.propensity_model_scores': 'Written by npm run propensity: every model’s score for every eligible player.',
  'sprint_mart.propensity_model_metrics': 'Written by npm run propensity: ROC AUC, Brier, log loss and lift of each model per split.',
  'sprint_mart.propensity_feature_importance': 'Written by npm run propensity: permutation importance of each feature per model.',
  [`${META_SCHEMA}.build_info`]: 'Key–value facts about the last successful build (lake root, time built).',
  [`${META_SCHEMA}.lake_files`]: 'Every lake file the last build read, with its size: how the next build spots changed partitions.',
  [`${META_SCHEMA}.model_fingerprints`]: 'Each model’s and singular test’s fingerprint at the last build: a changed model is rebuilt in full, a changed test run over everything.',
};

export function describeRelation(schema: string, name: string): string | null {
  return RELATIONS[`${schema}.${name}`] ?? null;
}
