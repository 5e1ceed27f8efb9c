import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlString } from '../../connection.js';
import type { Row } from '../../connection.js';
import { readLake, tidySql, toNumber, vegaLiteChart } from './chart.js';
import type { ReportChart } from './chart.js';

/** At most this many heartbeats are drawn; a longer session keeps every k-th tick instead. */
const MAX_POINTS = 20_000;

/**
 * A session worth looking at: several teams (but few enough to tell their colours apart), teams of
 * more than one player (to show teammates moving together) and at least one close encounter; ties
 * go to the most encounters, then the lowest id, so the report shows the same session every time.
 */
const PICK_SQL = `
  WITH encounters AS (
      SELECT session_id, sum(close_encounter_count) AS encounters
      FROM sprint_mart.session_close_encounters_daily
      GROUP BY session_id
  ),
  sessions AS (
      SELECT
          session_id,
          any_value(game_mode) AS game_mode,
          count(DISTINCT team_id) AS teams,
          count(*) AS players,
          min(session_start) AS session_start,
          min(calendar_date) AS start_date,
          max(CAST(session_end AS DATE)) AS end_date
      FROM sprint_stage.fact_session
      WHERE session_id IN (SELECT session_id FROM encounters) OR NOT EXISTS (SELECT 1 FROM encounters)
      GROUP BY session_id
  )
  SELECT s.*, coalesce(e.encounters, 0) AS encounters
  FROM sessions AS s
  LEFT JOIN encounters AS e ON e.session_id = s.session_id
  ORDER BY (s.teams BETWEEN 3 AND 12) DESC, (s.players > s.teams) DESC, encounters DESC, s.teams DESC, s.session_id
  LIMIT 1`;

/**
 * The heartbeats of one session, read from the raw lake view. The partition_date range lets DuckDB
 * open only that day's files (and the next, for a session that crosses midnight).
 */
function beatsSql(startDate: string, endDate: string): string {
  return `
    WITH beats AS (
        SELECT
            player_id,
            team_id,
            event_datetime,
            date_diff('second', CAST($session_start AS TIMESTAMP), event_datetime) AS second,
            position_x AS x,
            position_y AS y
        FROM sprint_raw.event_heartbeat
        WHERE partition_date BETWEEN DATE ${sqlString(startDate)} AND DATE ${sqlString(endDate)}
            AND session_id = $session_id
    ),
    stride AS (SELECT greatest(1, CAST(ceil(count(*) / ${MAX_POINTS}) AS BIGINT)) AS k FROM beats)
    SELECT player_id, team_id, second, x, y
    FROM beats, stride
    WHERE (second // 30) % stride.k = 0
    ORDER BY player_id, second`;
}

/** Where the session's teams were close: the midpoint of the two teams' centroids at each close tick. */
function closeTicksSql(startDate: string, endDate: string): string {
  return `
    SELECT
        p.team_1_id,
        p.team_2_id,
        date_diff('second', CAST($session_start AS TIMESTAMP), p.event_datetime) AS second,
        (a.centroid_x + b.centroid_x) / 2 AS x,
        (a.centroid_y + b.centroid_y) / 2 AS y
    FROM sprint_stage.stage_close_pairs AS p
    JOIN sprint_stage.stage_centroids AS a
        ON a.session_id = p.session_id AND a.team_id = p.team_1_id AND a.event_datetime = p.event_datetime
    JOIN sprint_stage.stage_centroids AS b
        ON b.session_id = p.session_id AND b.team_id = p.team_2_id AND b.event_datetime = p.event_datetime
    WHERE p.session_id = $session_id
        AND p.partition_date BETWEEN DATE ${sqlString(startDate)} AND DATE ${sqlString(endDate)}
        AND a.partition_date BETWEEN DATE ${sqlString(startDate)} AND DATE ${sqlString(endDate)}
        AND b.partition_date BETWEEN DATE ${sqlString(startDate)} AND DATE ${sqlString(endDate)}
    ORDER BY second, p.team_1_id, p.team_2_id`;
}

export async function sessionPathsChart(connection: DuckDBConnection): Promise<ReportChart> {
  const [session] = await queryRows(connection, PICK_SQL);
  const nothing = { beats: [], close: [], sql: '' };
  const { value, problem } = session ? await readLake(() => readSession(connection, session), nothing) : { value: nothing, problem: null };
  const { beats, close, sql } = value;
  // Teams get short labels in order of their ids; the ids themselves are long and in the tooltip.
  const teamIds = [...new Set(beats.map((beat) => String(beat.team_id)))].sort((a, b) => Number(BigInt(a) - BigInt(b)));
  const teamLabel = (id: unknown) => `team ${teamIds.indexOf(String(id)) + 1}`;
  const paths = beats.map((beat) => ({
    player: String(beat.player_id),
    team: teamLabel(beat.team_id),
    team_id: String(beat.team_id),
    second: toNumber(beat.second),
    x: toNumber(beat.x),
    y: toNumber(beat.y),
  }));
  const spots = close.map((tick) => ({
    teams: `${teamLabel(tick.team_1_id)} & ${teamLabel(tick.team_2_id)}`,
    minute: (toNumber(tick.second) / 60).toFixed(1),
    x: toNumber(tick.x),
    y: toNumber(tick.y),
  }));
  const domains = squareDomains(paths);
  const position = (axis: 'x' | 'y') =>
    ({ field: axis, type: 'quantitative', scale: { domain: domains[axis], nice: false, zero: false }, title: `position ${axis}` }) as const;
  const about = session
    ? `Session ${String(session.session_id)} (${String(session.game_mode).replace('_', ' ')}, ${String(session.start_date)}): ` +
      `${String(session.players)} players in ${String(session.teams)} teams, ${String(session.encounters)} close encounter(s). `
    : 'The warehouse has no sessions. ';
  return vegaLiteChart({
    id: 'session-paths',
    title: 'Player paths in a sample session',
    caption:
      about +
      'Each line is one player’s heartbeat positions, coloured by team (teammates circle their team’s path); ' +
      '✕ marks the midpoint of two teams at each tick they were close.' +
      (problem ? ` ${problem}` : beats.length === 0 ? ' No heartbeats were found for it in the lake.' : ''),
    sql: sql || PICK_SQL,
    rows: [...paths, ...spots],
    vegaLite: {
      width: 520,
      height: 520,
      layer: [
        {
          data: { values: paths },
          mark: { type: 'line', strokeWidth: 1.5, opacity: 0.85 },
          encoding: {
            x: position('x'),
            y: position('y'),
            color: { field: 'team', type: 'nominal', title: null, sort: teamIds.map((_, index) => `team ${index + 1}`), scale: { scheme: 'tableau10' } },
            detail: { field: 'player', type: 'nominal' },
            order: { field: 'second', type: 'quantitative' },
            tooltip: [
              { field: 'team', type: 'nominal' },
              { field: 'team_id', type: 'nominal', title: 'team id' },
              { field: 'player', type: 'nominal', title: 'player id' },
            ],
          },
        },
        {
          data: { values: spots },
          mark: { type: 'point', shape: 'cross', angle: 45, size: 90, color: '#111', filled: true },
          encoding: {
            x: position('x'),
            y: position('y'),
            tooltip: [
              { field: 'teams', type: 'nominal', title: 'close' },
              { field: 'minute', type: 'nominal', title: 'minute of the session' },
            ],
          },
        },
      ],
    },
  });
}

async function readSession(connection: DuckDBConnection, session: Row) {
  const startDate = isoDate(session.start_date);
  const endDate = isoDate(session.end_date);
  const params = { session_id: BigInt(String(session.session_id)), session_start: String(session.session_start) };
  const beatsQuery = beatsSql(startDate, endDate);
  const closeQuery = closeTicksSql(startDate, endDate);
  return {
    beats: await queryRows(connection, beatsQuery, params),
    close: await queryRows(connection, closeQuery, params),
    sql: [
      `-- The session\n${tidySql(PICK_SQL)}`,
      `-- Its heartbeats ($session_id = ${String(session.session_id)})\n${tidySql(beatsQuery)}`,
      `-- Where its teams were close\n${tidySql(closeQuery)}`,
    ].join('\n\n'),
  };
}

/** Dates go into the SQL text (for partition pruning), so only strict ISO dates are accepted. */
function isoDate(value: unknown): string {
  const text = String(value);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new Error(`expected a date, got ${text}`);
  return text;
}

/** The same span on both axes, so the square chart shows the map unstretched. */
function squareDomains(points: readonly { x: number; y: number }[]): Record<'x' | 'y', [number, number]> {
  if (points.length === 0) return { x: [-1, 1], y: [-1, 1] };
  const extent = (values: number[]) => values.reduce(([low, high], value) => [Math.min(low, value), Math.max(high, value)], [Infinity, -Infinity]);
  const [minX, maxX] = extent(points.map((point) => point.x));
  const [minY, maxY] = extent(points.map((point) => point.y));
  const half = Math.max(maxX! - minX!, maxY! - minY!) / 2 + 10;
  const around = (low: number, high: number): [number, number] => [(low + high) / 2 - half, (low + high) / 2 + half];
  return { x: around(minX!, maxX!), y: around(minY!, maxY!) };
}
