import { CLOSE_TICK_COLUMNS, SESSION_BEAT_COLUMNS } from './digestHeartbeats.js';

export const DIGEST_SCHEMA = 'sprint_digest';

/**
 * The digest's tables, as models read them (`{{ source('sprint_digest', 'close_ticks') }}`): one
 * row per player run of a heartbeat file, and one per pair of teams within the threshold at a tick.
 * Both follow the lake's heartbeat partitions. Every column but partition_date is a DOUBLE (ids
 * and microsecond times are whole numbers far below 2^53); the models' views give them their types.
 */
export const DIGEST_TABLES = ['session_beats', 'close_ticks'] as const;
export type DigestTable = (typeof DIGEST_TABLES)[number];

export const DIGEST_COLUMNS: Readonly<Record<DigestTable, readonly string[]>> = { session_beats: SESSION_BEAT_COLUMNS, close_ticks: CLOSE_TICK_COLUMNS };
