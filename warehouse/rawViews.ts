import type { DuckDBConnection } from '@duckdb/node-api';
import path from 'node:path';
import { isDimensionTable } from '../partitions/layout.js';
import type { LakeTable } from '../partitions/layout.js';
import { CATEGORY_COLUMNS, categoryType } from './categoryColumns.js';
import type { CategoryMembers } from './categoryColumns.js';
import { sqlString } from './connection.js';
import { fileIdentity } from './lakeChanges.js';
import type { LakeFile, LakeListing } from './lakeFiles.js';

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

/**
 * The SELECT behind one raw view: exactly the listed files (the completed units'), never a glob,
 * so a unit being written is not half read; its category columns cast to their ENUMs (see
 * categoryColumns.ts).
 */
export function rawViewSql(root: string, table: LakeTable, files: readonly LakeFile[], categories: CategoryMembers): string {
  const own = files.filter((file) => file.table === table);
  const isEvent = !isDimensionTable(table);
  const casts = CATEGORY_COLUMNS[table].map((column) => `CAST(${column} AS ${categoryType(categories.get(column))}) AS ${column}`);
  if (own.length === 0) {
    const empty = `SELECT ${EMPTY_COLUMNS[table]}${isEvent ? ', NULL::DATE AS partition_date' : ''} WHERE false`;
    return casts.length === 0 ? empty : `SELECT * REPLACE (${casts.join(', ')}) FROM (${empty})`;
  }
  const list = `[${own.map((file) => sqlString(path.join(root, file.path))).join(', ')}]`;
  if (!isEvent) return `SELECT *${casts.length === 0 ? '' : ` REPLACE (${casts.join(', ')})`} FROM read_parquet(${list})`;
  // epoch_us + make_timestamp turns the lake's UTC instants into plain TIMESTAMPs whatever the
  // session's time zone, and is ~10x faster than an ICU cast on billions of heartbeats.
  return (
    `SELECT * EXCLUDE (date) REPLACE (make_timestamp(epoch_us(event_datetime)) AS event_datetime${casts.map((cast) => `, ${cast}`).join('')}), date AS partition_date ` +
    `FROM read_parquet(${list}, hive_partitioning = true, hive_types = {'date': DATE})`
  );
}

/**
 * What a raw view contributes to the fingerprints of the models reading it. Event tables change
 * partition by partition, which the incremental runner follows, so only their SQL shape counts
 * (with its category types: a new member rebuilds what reads the view); a dimension's files count
 * whole (path, size, mtime), so a rewritten players file rebuilds what reads it.
 */
export function rawViewFingerprint(table: LakeTable, files: readonly LakeFile[], categories: CategoryMembers): string {
  const own = files.filter((file) => file.table === table);
  const shape = rawViewSql('<lake>', table, own.slice(0, 1).map((file) => ({ ...file, path: '<files>' })), categories);
  if (!isDimensionTable(table)) return shape;
  return [shape, ...own.map(fileIdentity)].join('\n');
}

export async function createRawViews(connection: DuckDBConnection, lake: LakeListing, categories: CategoryMembers): Promise<void> {
  await connection.run(`CREATE SCHEMA IF NOT EXISTS ${RAW_SCHEMA}`);
  for (const [table, view] of Object.entries(RAW_VIEW_NAMES) as [LakeTable, string][]) {
    await connection.run(`CREATE OR REPLACE VIEW ${RAW_SCHEMA}.${view} AS ${rawViewSql(lake.root, table, lake.files, categories)}`);
  }
}
