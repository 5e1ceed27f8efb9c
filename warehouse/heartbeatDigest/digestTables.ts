import { CLOSE_TICK_COLUMNS, SESSION_BEAT_COLUMNS } from './digestHeartbeats.js';

export const DIGEST_SCHEMA = 'sprint_digest';

/**
 * The digest's tables, as models read them (`{{ source('sprint_digest', 'close_ticks') }}`): one
 * row per player run of a heartbeat file, and one per pair of teams within the threshold at a tick.
 * Both follow the lake's heartbeat partitions.
 */
export const DIGEST_TABLES = ['session_beats', 'close_ticks'] as const;
export type DigestTable = (typeof DIGEST_TABLES)[number];

export const DIGEST_COLUMNS: Readonly<Record<DigestTable, readonly string[]>> = { session_beats: SESSION_BEAT_COLUMNS, close_ticks: CLOSE_TICK_COLUMNS };

/**
 * Each digest table's columns as stored. The workers hand every value over as a double (ids and
 * microsecond times are whole numbers far below 2^53) and the appender casts them; they are stored
 * as BIGINT because DuckDB writes integers to its storage at half the cost of doubles (the dense
 * world's 4M digest rows took 1.8 s of appending as DOUBLE), and the models read them as BIGINT.
 */
export function digestColumnsSql(table: DigestTable): string {
  const columns = DIGEST_COLUMNS[table].map((name) => `${name} ${name === 'distance_squared' ? 'DOUBLE' : 'BIGINT'}`);
  return [...columns, 'partition_date DATE'].join(', ');
}
