import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../connection.js';
import { META_SCHEMA } from '../buildState.js';

export interface Overview {
  firstDay: string | null;
  lastDay: string | null;
  figures: { label: string; value: string }[];
  /** sprint_meta.build_info as keys and values (lake_root, built_at, and whatever a build adds). */
  build: Record<string, string>;
}

const FIGURES_SQL = `
  SELECT
      (SELECT count(*) FROM sprint_dim.dim_players) AS players,
      (SELECT CAST(min(calendar_date) AS VARCHAR) FROM sprint_mart.daily_kpis) AS first_day,
      (SELECT CAST(max(calendar_date) AS VARCHAR) FROM sprint_mart.daily_kpis) AS last_day,
      (SELECT count(*) FROM sprint_mart.daily_kpis) AS days,
      (SELECT count(DISTINCT session_id) FROM sprint_stage.fact_session) AS sessions,
      (SELECT CAST(sum(total_play_time_seconds) AS DOUBLE) / 3600 FROM sprint_mart.country_monthly_playtime) AS hours,
      (SELECT CAST(sum(revenue) AS DOUBLE) FROM sprint_mart.daily_kpis) AS revenue,
      (SELECT count(*) FROM sprint_stage.stage_encounters) AS encounters`;

/** The headline numbers at the top of the report, and where the warehouse came from. */
export async function readOverview(connection: DuckDBConnection): Promise<Overview> {
  const [row] = await queryRows(connection, FIGURES_SQL);
  const count = (value: unknown) => Number(value ?? 0).toLocaleString('en-US', { maximumFractionDigits: 0 });
  const figures = [
    { label: 'players', value: count(row?.players) },
    { label: 'days', value: count(row?.days) },
    { label: 'sessions', value: count(row?.sessions) },
    { label: 'hours played', value: count(row?.hours) },
    { label: 'revenue', value: `$${Number(row?.revenue ?? 0).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` },
    { label: 'close encounters', value: count(row?.encounters) },
  ];
  return {
    firstDay: (row?.first_day as string | null) ?? null,
    lastDay: (row?.last_day as string | null) ?? null,
    figures,
    build: await readBuildInfo(connection),
  };
}

/** DuckDB's `2026-11-24 13:15:20.250181+00` as `2026-11-24 13:15 UTC`; anything else unchanged. */
export function shortTime(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2})[\d:.]*(\+00(:?00)?|Z)?$/.exec(value.trim());
  return match ? `${match[1]!.replace('T', ' ')} UTC` : value;
}

export async function readBuildInfo(connection: DuckDBConnection): Promise<Record<string, string>> {
  const exists = await queryRows(
    connection,
    `SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = '${META_SCHEMA}' AND table_name = 'build_info'`,
  );
  if (exists.length === 0) return {};
  const rows = await queryRows(connection, `SELECT key, value FROM ${META_SCHEMA}.build_info ORDER BY key`);
  return Object.fromEntries(rows.map((entry) => [String(entry.key), String(entry.value ?? '')]));
}
