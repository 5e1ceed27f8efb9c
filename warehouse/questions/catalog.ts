import type { Question } from './question.js';

/**
 * CONTRACT §3's questions, and an eighth by acquisition channel (docs/contract-additions.md), each
 * answered from sprint_mart alone. Ties are broken by name or date so an answer never depends on
 * row order.
 */
export const QUESTIONS: readonly Question[] = [
  {
    name: 'play-time',
    contract: 1,
    title: "A player's total play time on a given date",
    options: [
      { name: 'player', kind: 'player', describe: 'the player id', required: true },
      { name: 'date', kind: 'date', describe: 'the day (UTC; sessions count on the day they start)', required: true },
    ],
    sql: `
      SELECT
          $player AS player_id,
          CAST($date AS DATE) AS calendar_date,
          coalesce(max(total_play_time_seconds), 0) AS total_play_time_seconds,
          round(coalesce(max(total_play_time_seconds), 0) / 60, 1) AS minutes,
          coalesce(max(sessions_count), 0) AS sessions
      FROM sprint_mart.player_activity_daily
      WHERE player_id = $player AND calendar_date = CAST($date AS DATE)`,
  },
  {
    name: 'busiest-week',
    contract: 2,
    title: 'The week with the most distinct players',
    options: [{ name: 'top', kind: 'count', describe: 'how many weeks to list, busiest first', default: '1' }],
    sql: `
      SELECT
          CAST(date_trunc('week', calendar_date) AS DATE) AS year_week,
          count(DISTINCT player_id) AS players
      FROM sprint_mart.player_activity_daily
      GROUP BY year_week
      ORDER BY players DESC, year_week
      LIMIT $top`,
  },
  {
    name: 'top-country-playtime',
    contract: 3,
    title: 'The country with the most play time in a given month',
    options: [
      { name: 'month', kind: 'month', describe: 'the month, YYYY-MM', required: true },
      { name: 'top', kind: 'count', describe: 'how many countries to list', default: '1' },
    ],
    sql: `
      SELECT
          country,
          year_month,
          total_play_time_seconds,
          round(total_play_time_seconds / 3600, 1) AS hours
      FROM sprint_mart.country_monthly_playtime
      WHERE year_month = CAST($month AS DATE)
      ORDER BY total_play_time_seconds DESC, country
      LIMIT $top`,
  },
  {
    name: 'player-kd',
    contract: 4,
    title: "A player's lifetime kill/death ratio, and the month of their longest run of consecutive play days",
    options: [{ name: 'player', kind: 'player', describe: 'the player id', required: true }],
    sql: `
      WITH longest_run AS (
          SELECT year_month, max_consecutive_days_played
          FROM sprint_mart.player_consecutive_days_monthly
          WHERE player_id = $player
          ORDER BY max_consecutive_days_played DESC, year_month
          LIMIT 1
      )
      SELECT
          l.player_id,
          l.country,
          l.total_kills,
          l.total_deaths,
          round(l.kill_death_ratio, 3) AS kill_death_ratio,
          r.year_month AS longest_run_month,
          r.max_consecutive_days_played AS longest_run_days
      FROM sprint_mart.player_stats_lifetime AS l
      LEFT JOIN longest_run AS r ON true
      WHERE l.player_id = $player`,
  },
  {
    name: 'top-country-revenue',
    contract: 5,
    title: "The country with the most revenue in a week (or each week's leader)",
    options: [{ name: 'week', kind: 'date', describe: 'any day of the ISO week; without it, every week is listed' }],
    sql: `
      WITH ranked AS (
          SELECT
              year_week,
              country,
              total_revenue,
              row_number() OVER (PARTITION BY year_week ORDER BY total_revenue DESC, country) AS place
          FROM sprint_mart.country_weekly_revenue
      )
      SELECT year_week, country, total_revenue
      FROM ranked
      WHERE place = 1
          AND (CAST($week AS DATE) IS NULL OR year_week = CAST(date_trunc('week', CAST($week AS DATE)) AS DATE))
      ORDER BY year_week`,
  },
  {
    name: 'encounters',
    contract: 6,
    title: 'Close encounters per session per day over a date range',
    options: [
      { name: 'from', kind: 'date', describe: 'first day (default: the first with encounters)' },
      { name: 'to', kind: 'date', describe: 'last day (default: the last with encounters)' },
      { name: 'session', kind: 'id', describe: 'only this session id' },
      { name: 'limit', kind: 'count', describe: 'most rows to list, most encounters first', default: '20' },
    ],
    sql: `
      SELECT calendar_day, session_id, close_encounter_count, total_encounter_seconds, team_pairs
      FROM sprint_mart.session_close_encounters_daily
      WHERE (CAST($from AS DATE) IS NULL OR calendar_day >= CAST($from AS DATE))
          AND (CAST($to AS DATE) IS NULL OR calendar_day <= CAST($to AS DATE))
          AND (CAST($session AS BIGINT) IS NULL OR session_id = CAST($session AS BIGINT))
      ORDER BY close_encounter_count DESC, total_encounter_seconds DESC, calendar_day, session_id
      LIMIT $limit`,
  },
  {
    name: 'active-players',
    contract: 7,
    title: 'Daily, weekly and monthly active players over time (signed on; trailing 7 and 30 days)',
    options: [
      { name: 'from', kind: 'date', describe: 'first day (default: the first in the data)' },
      { name: 'to', kind: 'date', describe: 'last day (default: the last in the data)' },
    ],
    sql: `
      SELECT calendar_date, dau, wau, mau, new_players, revenue, round(arpdau, 4) AS arpdau
      FROM sprint_mart.daily_kpis
      WHERE (CAST($from AS DATE) IS NULL OR calendar_date >= CAST($from AS DATE))
          AND (CAST($to AS DATE) IS NULL OR calendar_date <= CAST($to AS DATE))
      ORDER BY calendar_date`,
  },
  {
    name: 'by-channel',
    contract: 8,
    title: 'D7 retention, payer conversion and revenue per player by acquisition channel',
    options: [],
    sql: `
      SELECT
          acquisition_channel,
          sum(players) AS players,
          round(sum(d7_retained_players) / nullif(sum(d7_eligible_players), 0), 4) AS d7_retention,
          round(sum(payers) / sum(players), 4) AS payer_conversion,
          sum(revenue) AS revenue,
          round(CAST(sum(revenue) AS DOUBLE) / sum(players), 4) AS revenue_per_player
      FROM sprint_mart.acquisition_kpis
      GROUP BY acquisition_channel
      ORDER BY d7_retention DESC NULLS LAST, acquisition_channel`,
  },
];

export function findQuestion(name: string): Question | undefined {
  return QUESTIONS.find((question) => question.name === name || String(question.contract) === name);
}
