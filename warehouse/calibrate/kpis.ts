/**
 * The KPIs a healthy PC/console shooter shows, with the bands published benchmarks put them in
 * (GameAnalytics retention benchmarks, Swrve monetisation reports, FPS session-length studies),
 * each computed from the warehouse's marts and facts. `npm run calibrate` measures them; the
 * engine's defaults (engine/config.ts) are tuned to land inside every band.
 */
export interface Kpi {
  key: string;
  label: string;
  min: number;
  /** Infinity for a one-sided band (at least `min`). */
  max: number;
  unit: 'share' | 'ratio' | 'minutes';
  sql: string;
}

/** Days whose trailing 30-day window lies inside the data, so MAU is not cut short. */
const STEADY_DAYS = `(SELECT min(calendar_date) + 29 FROM sprint_mart.daily_kpis)`;

export const KPIS: readonly Kpi[] = [
  retention('d1', 'D1 retention', 0.3, 0.55),
  retention('d7', 'D7 retention', 0.12, 0.3),
  retention('d30', 'D30 retention', 0.05, 0.18),
  {
    key: 'dau_mau',
    label: 'DAU / MAU (trailing 30 days)',
    min: 0.12,
    max: 0.3,
    unit: 'ratio',
    sql: `SELECT avg(dau / mau) FROM sprint_mart.daily_kpis WHERE mau > 0 AND calendar_date >= ${STEADY_DAYS}`,
  },
  {
    key: 'payer_conversion',
    label: 'Monthly payer conversion (payers / MAU)',
    min: 0.015,
    max: 0.08,
    unit: 'share',
    // Calendar months the data covers fully (or all months when none is full).
    sql: `WITH bounds AS (SELECT min(calendar_date) AS first_day, max(calendar_date) AS last_day FROM sprint_mart.daily_kpis),
      months AS (
        SELECT date_trunc('month', calendar_date) AS month, count(DISTINCT player_id) AS active
        FROM sprint_stage.fact_signon GROUP BY ALL),
      payers AS (
        SELECT date_trunc('month', calendar_date) AS month, count(DISTINCT player_id) AS payers
        FROM sprint_stage.fact_transaction GROUP BY ALL),
      rated AS (
        SELECT m.month, coalesce(p.payers, 0) / m.active AS conversion,
               m.month >= b.first_day AND m.month + INTERVAL 1 MONTH - INTERVAL 1 DAY <= b.last_day AS whole
        FROM months m LEFT JOIN payers p USING (month), bounds b)
      SELECT CASE WHEN bool_or(whole) THEN avg(conversion) FILTER (WHERE whole) ELSE avg(conversion) END FROM rated`,
  },
  {
    key: 'top_payers_share',
    label: "Top 10% of payers' share of revenue",
    min: 0.45,
    max: Infinity,
    unit: 'share',
    sql: `WITH per_payer AS (SELECT player_id, sum(purchase_price) AS revenue FROM sprint_stage.fact_transaction GROUP BY ALL),
      ranked AS (SELECT revenue, ntile(10) OVER (ORDER BY revenue DESC) AS decile FROM per_payer)
      SELECT sum(revenue) FILTER (WHERE decile = 1) / sum(revenue) FROM ranked`,
  },
  {
    key: 'battle_pass_share',
    label: 'Battle-pass share of revenue',
    min: 0.2,
    max: 0.5,
    unit: 'share',
    sql: `SELECT sum(purchase_price) FILTER (WHERE transaction_type = 'BattlePass') / sum(purchase_price) FROM sprint_stage.fact_transaction`,
  },
  {
    key: 'median_session_minutes',
    label: 'Median session length',
    min: 8,
    max: 30,
    unit: 'minutes',
    sql: `SELECT median(event_length_seconds) / 60 FROM sprint_stage.fact_session`,
  },
  {
    key: 'weekend_lift',
    label: 'Weekend DAU / Monday–Thursday DAU',
    min: 1.05,
    max: Infinity,
    unit: 'ratio',
    sql: `SELECT avg(dau) FILTER (WHERE isodow(calendar_date) IN (6, 7)) / avg(dau) FILTER (WHERE isodow(calendar_date) IN (1, 2, 3, 4))
      FROM sprint_mart.daily_kpis WHERE calendar_date >= ${STEADY_DAYS}`,
  },
  {
    key: 'peak_hour_ratio',
    label: 'Busiest UTC hour of session starts / quietest',
    min: 3,
    max: Infinity,
    unit: 'ratio',
    sql: `WITH hours AS (SELECT range AS hour FROM range(24)),
      starts AS (SELECT hour(session_start) AS hour, count(*) AS n FROM sprint_stage.fact_session GROUP BY ALL)
      SELECT max(coalesce(n, 0)) / nullif(min(coalesce(n, 0)), 0) FROM hours LEFT JOIN starts USING (hour)`,
  },
];

function retention(day: 'd1' | 'd7' | 'd30', label: string, min: number, max: number): Kpi {
  return {
    key: `${day}_retention`,
    label,
    min,
    max,
    unit: 'share',
    sql: `SELECT sum(${day}_retained_players) / nullif(sum(${day}_eligible_players), 0) FROM sprint_mart.retention_cohorts`,
  };
}
