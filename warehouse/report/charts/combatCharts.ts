import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../../connection.js';
import { CHART_WIDTH, toNumber, vegaLiteChart } from './chart.js';
import type { ReportChart } from './chart.js';

/** K/D bins of 0.1; everything from KD_CAP up shares the last bar, so the row count stays fixed. */
const KD_CAP = 5;
/** Sessions with this many encounters or more share the last bar. */
const ENCOUNTER_CAP = 20;

const KD_SQL = `
  SELECT
      least(floor(kill_death_ratio * 10) / 10, ${KD_CAP}) AS kd_from,
      least(floor(kill_death_ratio * 10) / 10, ${KD_CAP}) + 0.1 AS kd_to,
      count(*) AS players
  FROM sprint_mart.player_stats_lifetime
  WHERE kill_death_ratio IS NOT NULL
  GROUP BY ALL
  UNION ALL
  -- Players who never died have no ratio: counted, not drawn.
  SELECT NULL, NULL, count(*)
  FROM sprint_mart.player_stats_lifetime
  WHERE kill_death_ratio IS NULL
  ORDER BY kd_from NULLS LAST`;

const ENCOUNTERS_SQL = `
  WITH sessions AS (
      SELECT session_id, any_value(game_mode) AS game_mode
      FROM sprint_stage.fact_session
      GROUP BY session_id
  ),
  encounters AS (
      SELECT session_id, sum(close_encounter_count) AS encounters
      FROM sprint_mart.session_close_encounters_daily
      GROUP BY session_id
  )
  SELECT
      s.game_mode,
      least(coalesce(e.encounters, 0), ${ENCOUNTER_CAP}) AS encounters,
      count(*) AS sessions
  FROM sessions AS s
  LEFT JOIN encounters AS e ON e.session_id = s.session_id
  GROUP BY ALL
  ORDER BY s.game_mode, encounters`;

export async function combatCharts(connection: DuckDBConnection): Promise<ReportChart[]> {
  return [await killDeathChart(connection), await encountersChart(connection)];
}

async function killDeathChart(connection: DuckDBConnection): Promise<ReportChart> {
  const all = (await queryRows(connection, KD_SQL)).map((row) => ({
    kd_from: row.kd_from === null ? null : toNumber(row.kd_from),
    kd_to: row.kd_to === null ? null : toNumber(row.kd_to),
    players: toNumber(row.players),
  }));
  const rows = all.filter((row) => row.kd_from !== null);
  const deathless = all.find((row) => row.kd_from === null)?.players ?? 0;
  return vegaLiteChart({
    id: 'kill-death-distribution',
    title: 'Lifetime kill/death ratio',
    caption:
      `Players by lifetime kills ÷ deaths, in steps of 0.1; the last bar holds every ratio of ${KD_CAP} or more. ` +
      `${deathless.toLocaleString('en-US')} players who never died have no ratio and are left out.`,
    sql: KD_SQL,
    rows,
    vegaLite: {
      width: CHART_WIDTH,
      height: 220,
      data: { values: rows },
      layer: [
        {
          mark: { type: 'bar', color: '#54a24b', stroke: 'white', strokeWidth: 0.5 },
          encoding: {
            x: { field: 'kd_from', type: 'quantitative', bin: { binned: true, step: 0.1 }, title: 'kill/death ratio', scale: { domain: [0, KD_CAP + 0.1] } },
            x2: { field: 'kd_to' },
            y: { field: 'players', type: 'quantitative', title: 'players' },
            tooltip: [
              { field: 'kd_from', type: 'quantitative', title: 'K/D from', format: '.1f' },
              { field: 'players', type: 'quantitative', format: ',' },
            ],
          },
        },
        // K/D = 1: as many kills as deaths. Kills are zero-sum, so the players average out around it.
        { data: { values: [{ even: 1 }] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x: { field: 'even', type: 'quantitative' } } },
      ],
    },
  });
}

async function encountersChart(connection: DuckDBConnection): Promise<ReportChart> {
  const all = (await queryRows(connection, ENCOUNTERS_SQL)).map((row) => ({
    game_mode: String(row.game_mode).replace('_', ' '),
    encounters: toNumber(row.encounters),
    label: toNumber(row.encounters) >= ENCOUNTER_CAP ? `${ENCOUNTER_CAP}+` : String(row.encounters),
    sessions: toNumber(row.sessions),
  }));
  // Sessions without encounters outnumber the rest by far; drawn, they would flatten every other
  // bar, so they are counted in the caption instead.
  const rows = all.filter((row) => row.encounters > 0);
  const modes = [...new Set(all.map((row) => row.game_mode))].sort();
  const none = modes.map((mode) => {
    const sessions = all.filter((row) => row.game_mode === mode).reduce((sum, row) => sum + row.sessions, 0);
    const quiet = all.find((row) => row.game_mode === mode && row.encounters === 0)?.sessions ?? 0;
    return `${percent(quiet, sessions)} of ${mode} sessions`;
  });
  const labels = [...Array(ENCOUNTER_CAP).keys()].map(String).concat(`${ENCOUNTER_CAP}+`).filter((label) => rows.some((row) => row.label === label));
  return vegaLiteChart({
    id: 'encounters-per-session',
    title: 'Close encounters per session',
    caption:
      `Sessions with at least one close encounter, by how many they held, per game mode; the last bar holds ${ENCOUNTER_CAP} or more. ` +
      (none.length > 0 ? `No encounter at all in ${none.join(' and ')}.` : ''),
    sql: ENCOUNTERS_SQL,
    rows: all,
    vegaLite: {
      width: CHART_WIDTH,
      height: 220,
      data: { values: rows },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'label', type: 'ordinal', sort: labels, scale: { domain: labels }, title: 'close encounters in the session', axis: { labelAngle: 0 } },
        xOffset: { field: 'game_mode', type: 'nominal', scale: { domain: modes } },
        y: { field: 'sessions', type: 'quantitative', title: 'sessions' },
        color: { field: 'game_mode', type: 'nominal', title: 'game mode', scale: { domain: modes, range: ['#4c78a8', '#e45756'] } },
        tooltip: [
          { field: 'game_mode', type: 'nominal', title: 'game mode' },
          { field: 'label', type: 'ordinal', title: 'encounters' },
          { field: 'sessions', type: 'quantitative', format: ',' },
        ],
      },
    },
  });
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(part === whole ? 0 : 1)}%`;
}
