import type { DuckDBConnection } from '@duckdb/node-api';
import { tableGlob } from '../partitions/layout.js';
import type { LakeTable } from '../partitions/layout.js';
import { sqlString } from './connection.js';
import type { LakeListing } from './lakeFiles.js';

export const RAW_SCHEMA = 'sprint_raw';

/** The view each lake table is read through (CONTRACT §2 names the event views). */
export const RAW_VIEW_NAMES: Readonly<Record<LakeTable, string>> = {
  players: 'players',
  products: 'products',
  signons: 'event_signons',
  sessions: 'event_session',
  transactions: 'event_transaction',
  heartbeats: 'event_heartbeat',
};

/**
 * The columns a table has when the lake holds none of its files (a run with `--heartbeats 0`, a
 * shard that has not written transactions yet), so the models still bind against an empty view.
 */
const EMPTY_COLUMNS: Readonly<Record<LakeTable, string>> = {
  players:
    'NULL::BIGINT AS player_id, NULL::DATE AS signup_date, NULL::VARCHAR AS country, NULL::VARCHAR AS platform, NULL::VARCHAR AS archetype, NULL::VARCHAR AS spender_segment, NULL::DATE AS churn_date, NULL::VARCHAR AS region, NULL::FLOAT AS skill, NULL::VARCHAR AS gamertag, NULL::VARCHAR AS language, NULL::VARCHAR AS age_band, NULL::VARCHAR AS device, NULL::VARCHAR AS acquisition_channel, NULL::BOOLEAN AS marketing_opt_in',
  products:
    'NULL::INTEGER AS product_id, NULL::VARCHAR AS product_sku, NULL::VARCHAR AS product_name, NULL::VARCHAR AS tier, NULL::DECIMAL(12,2) AS price_usd, NULL::VARCHAR AS transaction_type, NULL::BOOLEAN AS is_recurring, NULL::VARCHAR AS cycle',
  signons: 'NULL::BIGINT AS player_id, NULL::TIMESTAMP AS event_datetime, NULL::VARCHAR AS country, NULL::VARCHAR AS platform',
  sessions:
    'NULL::BIGINT AS player_id, NULL::BIGINT AS session_id, NULL::BIGINT AS team_id, NULL::TIMESTAMP AS event_datetime, NULL::VARCHAR AS country, NULL::INTEGER AS event_length_seconds, NULL::INTEGER AS kills, NULL::INTEGER AS deaths, NULL::VARCHAR AS game_mode, NULL::VARCHAR AS region, NULL::VARCHAR AS platform',
  transactions:
    'NULL::BIGINT AS transaction_id, NULL::BIGINT AS player_id, NULL::TIMESTAMP AS event_datetime, NULL::VARCHAR AS purchase_item, NULL::DECIMAL(12,2) AS purchase_price, NULL::VARCHAR AS currency, NULL::BOOLEAN AS is_recurring, NULL::VARCHAR AS cycle, NULL::VARCHAR AS transaction_type, NULL::INTEGER AS product_id, NULL::VARCHAR AS country, NULL::BOOLEAN AS is_renewal',
  heartbeats:
    'NULL::BIGINT AS player_id, NULL::TIMESTAMP AS event_datetime, NULL::BIGINT AS team_id, NULL::BIGINT AS session_id, NULL::FLOAT AS position_x, NULL::FLOAT AS position_y, NULL::FLOAT AS position_z',
};

/** The SELECT behind one raw view; part of every dependent model's fingerprint. */
export function rawViewSql(lake: LakeListing, table: LakeTable): string {
  const hasFiles = lake.files.some((file) => file.table === table);
  const isEvent = table !== 'players' && table !== 'products';
  if (!hasFiles) {
    return `SELECT ${EMPTY_COLUMNS[table]}${isEvent ? ', NULL::DATE AS partition_date' : ''} WHERE false`;
  }
  const glob = sqlString(tableGlob(lake.root, table));
  if (!isEvent) return `SELECT * FROM read_parquet(${glob})`;
  // epoch_us + make_timestamp turns the lake's UTC instants into plain TIMESTAMPs whatever the
  // session's time zone, and is ~10x faster than an ICU cast on billions of heartbeats.
  return (
    `SELECT * EXCLUDE (date) REPLACE (make_timestamp(epoch_us(event_datetime)) AS event_datetime), date AS partition_date ` +
    `FROM read_parquet(${glob}, hive_partitioning = true, hive_types = {'date': DATE})`
  );
}

export async function createRawViews(connection: DuckDBConnection, lake: LakeListing): Promise<void> {
  await connection.run(`CREATE SCHEMA IF NOT EXISTS ${RAW_SCHEMA}`);
  for (const [table, view] of Object.entries(RAW_VIEW_NAMES) as [LakeTable, string][]) {
    await connection.run(`CREATE OR REPLACE VIEW ${RAW_SCHEMA}.${view} AS ${rawViewSql(lake, table)}`);
  }
}
