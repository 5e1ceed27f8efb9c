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

export type DigestColumnType = 'BIGINT' | 'DOUBLE' | 'TIMESTAMP';

/**
 * How a digest column is stored. The workers hand every value over as a double (ids and
 * microsecond times are whole numbers far below 2^53). Whole numbers are stored as BIGINT, which
 * the appender casts them to, because DuckDB writes integers to its storage at half the cost of
 * doubles (the dense world's 4M digest rows took 1.8 s of appending as DOUBLE).
 *
 * A close tick's time is a TIMESTAMP (the appender writes its microseconds as one), not a BIGINT
 * under a view's `make_timestamp`: `stage_close_pairs`' unique test of an append joins the redone
 * keys back to the whole table on that time, and DuckDB skips row groups by a join key's min/max
 * only on a stored column. On the 730-day world's 4.3M close ticks that test took 0.06-0.08 s,
 * reading every row group, and 0.01 s.
 */
function digestColumnType(name: string): DigestColumnType {
  if (name === 'distance_squared') return 'DOUBLE';
  return name === 'event_datetime' ? 'TIMESTAMP' : 'BIGINT';
}

/** The types of a digest table's columns, in DIGEST_COLUMNS' order (the partition date aside). */
export function digestColumnTypes(table: DigestTable): DigestColumnType[] {
  return DIGEST_COLUMNS[table].map(digestColumnType);
}

export function digestColumnsSql(table: DigestTable): string {
  const types = digestColumnTypes(table);
  const columns = DIGEST_COLUMNS[table].map((name, index) => `${name} ${types[index]}`);
  return [...columns, 'partition_date DATE'].join(', ');
}
