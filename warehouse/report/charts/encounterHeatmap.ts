import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlString } from '../../connection.js';
import { readLake, tidySql, toNumber, vegaLiteChart } from './chart.js';
import type { ReportChart } from './chart.js';

/**
 * Encounter positions come from the heartbeats, the largest thing in the lake; reading only the
 * latest days that hold this many encounters keeps the report fast at full scale (a day or two)
 * while a small warehouse still shows all of them.
 */
const ENCOUNTERS_WANTED = 5_000;
/** Cells per side of each map. */
const CELLS = 30;

const DAYS_SQL = `
  SELECT session_start_date AS day, count(*) AS encounters
  FROM sprint_stage.stage_encounters
  GROUP BY day
  ORDER BY day DESC`;

/** Where each encounter starts: the midpoint of the two teams' centroids at its first close tick, binned per game mode. */
function cellsSql(firstDay: string, lastDay: string, nextDay: string): string {
  return `
    WITH starts AS (
        SELECT e.session_id, e.team_1_id, e.team_2_id, e.encounter_start, f.game_mode
        FROM sprint_stage.stage_encounters AS e
        JOIN (
            SELECT DISTINCT session_id, game_mode
            FROM sprint_stage.fact_session
            WHERE calendar_date BETWEEN DATE ${sqlString(firstDay)} AND DATE ${sqlString(lastDay)}
        ) AS f ON f.session_id = e.session_id
        WHERE e.session_start_date BETWEEN DATE ${sqlString(firstDay)} AND DATE ${sqlString(lastDay)}
    ),
    centroids AS (
        SELECT c.session_id, c.team_id, c.event_datetime, c.centroid_x, c.centroid_y
        FROM sprint_stage.stage_centroids AS c
        SEMI JOIN starts AS s ON s.session_id = c.session_id AND s.encounter_start = c.event_datetime
        WHERE c.partition_date BETWEEN DATE ${sqlString(firstDay)} AND DATE ${sqlString(nextDay)}
    ),
    spots AS (
        SELECT s.game_mode, (a.centroid_x + b.centroid_x) / 2 AS x, (a.centroid_y + b.centroid_y) / 2 AS y
        FROM starts AS s
        JOIN centroids AS a ON a.session_id = s.session_id AND a.team_id = s.team_1_id AND a.event_datetime = s.encounter_start
        JOIN centroids AS b ON b.session_id = s.session_id AND b.team_id = s.team_2_id AND b.event_datetime = s.encounter_start
    ),
    maps AS (
        -- Each mode's map is a square around the origin; its size is read from where encounters happened.
        SELECT game_mode, ceil(max(greatest(abs(x), abs(y))) / 50) * 50 AS half
        FROM spots
        GROUP BY game_mode
    ),
    cells AS (
        SELECT
            s.game_mode,
            m.half,
            2 * m.half / ${CELLS} AS size,
            least(floor((s.x + m.half) / (2 * m.half / ${CELLS})), ${CELLS - 1}) AS cell_x,
            least(floor((s.y + m.half) / (2 * m.half / ${CELLS})), ${CELLS - 1}) AS cell_y
        FROM spots AS s
        JOIN maps AS m ON m.game_mode = s.game_mode
    )
    SELECT
        game_mode,
        half,
        -half + cell_x * size AS x0,
        -half + (cell_x + 1) * size AS x1,
        -half + cell_y * size AS y0,
        -half + (cell_y + 1) * size AS y1,
        count(*) AS encounters
    FROM cells
    GROUP BY ALL
    ORDER BY game_mode, x0, y0`;
}

export async function encounterHeatmap(connection: DuckDBConnection): Promise<ReportChart> {
  const days = await queryRows(connection, DAYS_SQL);
  let wanted = 0;
  const window = days.filter((row) => {
    const keep = wanted < ENCOUNTERS_WANTED;
    wanted += toNumber(row.encounters);
    return keep;
  });
  const lastDay = window[0] ? String(window[0].day) : null;
  const firstDay = window.length > 0 ? String(window[window.length - 1]!.day) : null;
  const sql = firstDay && lastDay ? cellsSql(firstDay, lastDay, nextDay(lastDay)) : '';
  const { value: cells, problem } = sql ? await readLake(() => queryRows(connection, sql), []) : { value: [], problem: null };
  const rows = cells.map((row) => ({
        game_mode: String(row.game_mode).replace('_', ' '),
        x0: toNumber(row.x0),
        x1: toNumber(row.x1),
        y0: toNumber(row.y0),
        y1: toNumber(row.y1),
        half: toNumber(row.half),
        encounters: toNumber(row.encounters),
      }));
  const counted = rows.reduce((sum, row) => sum + row.encounters, 0);
  const span = firstDay === lastDay ? `on ${lastDay}` : `from ${firstDay} to ${lastDay}`;
  const modeNames = [...new Set(rows.map((row) => row.game_mode))].sort();
  const modes = modeNames.length;
  return vegaLiteChart({
    id: 'encounter-heatmap',
    title: 'Where close encounters start',
    caption:
      (counted > 0
        ? `${counted.toLocaleString('en-US')} encounters of sessions that started ${span}, by where they began on the map ` +
          `(${CELLS}×${CELLS} cells per game mode; the two modes have maps of different sizes).`
        : problem ?? 'No close encounters in the warehouse yet.') + ' Position is the midpoint of the two teams’ centroids at the first close tick.',
    sql: `-- The latest days holding about ${ENCOUNTERS_WANTED.toLocaleString('en-US')} encounters\n${tidySql(DAYS_SQL)}` + (sql ? `\n\n-- Their positions, binned\n${tidySql(sql)}` : ''),
    rows,
    vegaLite: modes === 0 ? nothingYet(problem ? 'The lake could not be read.' : 'No close encounters in the warehouse yet.') : {
      // One map per game mode, side by side, each drawn to its own size: the modes' maps differ.
      hconcat: modeNames.map((mode) => {
        const cells = rows.filter((row) => row.game_mode === mode);
        const domain = [-cells[0]!.half, cells[0]!.half];
        return {
          title: mode,
          width: modes > 1 ? 340 : 520,
          height: modes > 1 ? 340 : 520,
          data: { values: cells },
          mark: { type: 'rect' as const },
          encoding: {
            x: { field: 'x0', type: 'quantitative' as const, title: 'position x', scale: { domain, nice: false } },
            x2: { field: 'x1' },
            y: { field: 'y0', type: 'quantitative' as const, title: 'position y', scale: { domain, nice: false } },
            y2: { field: 'y1' },
            color: { field: 'encounters', type: 'quantitative' as const, scale: { scheme: 'yelloworangered', type: 'sqrt' as const }, title: 'encounters' },
            tooltip: [
              { field: 'x0', type: 'quantitative' as const, title: 'x from', format: ',.0f' },
              { field: 'y0', type: 'quantitative' as const, title: 'y from', format: ',.0f' },
              { field: 'encounters', type: 'quantitative' as const, format: ',' },
            ],
          },
        };
      }),
      resolve: { scale: { color: 'independent' } },
    },
  });
}

/** A chart that still draws (and says why it is empty) when the warehouse has no encounters. */
function nothingYet(message: string) {
  return {
    width: 520,
    height: 80,
    data: { values: [{ text: message }] },
    mark: { type: 'text' as const, fontSize: 14, color: '#59636e' },
    encoding: { text: { field: 'text', type: 'nominal' as const } },
  };
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
