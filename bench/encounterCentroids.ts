import type { DuckDBConnection } from '@duckdb/node-api';

/** The day every synthetic session is played on: the close-pair model reads one partition at a time. */
export const CENTROID_DATE = '2025-01-01';

/** Ticks of a session: 30 minutes of 30-second heartbeats, near Sprint's average session. */
const TICKS_PER_SESSION = 60;

/**
 * Half the map's side for a number of teams: Sprint's skirmish map (600) for a handful of teams,
 * its battle-royale map (2,500) for fifty, so the density of teams stays realistic.
 */
function mapHalfSize(teamsPerSession: number): number {
  return Math.min(2500, Math.max(600, 50 * teamsPerSession));
}

export interface CentroidSet {
  teamsPerSession: number;
  sessions: number;
  centroids: number;
}

/**
 * Fills `bench_centroids` (the columns of the warehouse's `stage_centroids`) and `bench_sessions`
 * (the columns of `fact_session` the encounter model reads) with about `centroidRows` team
 * positions. Each team crosses the map from one random point to another with a wobble, and is
 * knocked out after a random share of the session, so most pairs are far apart and a few meet,
 * which is what makes pruning pay off. Uniforms come from hashes, not random(), so every run
 * generates the same positions whatever the thread count.
 */
export async function generateCentroids(connection: DuckDBConnection, teamsPerSession: number, centroidRows: number): Promise<CentroidSet> {
  const sessions = Math.max(1, Math.round(centroidRows / (teamsPerSession * TICKS_PER_SESSION * 0.65)));
  const half = mapHalfSize(teamsPerSession);
  const uniform = (salt: number) => `(hash(s.i, k.i, ${salt}) % 1000000007)::DOUBLE / 1000000007`;
  await connection.run(`CREATE OR REPLACE TABLE bench_integers AS SELECT range AS i FROM range(${Math.max(sessions, teamsPerSession, TICKS_PER_SESSION)})`);
  await connection.run(`
CREATE OR REPLACE TABLE bench_teams AS
SELECT
    s.i + 1 AS session_id,
    (s.i + 1) * 1000 + k.i AS team_id,
    (${uniform(1)} - 0.5) * ${1.8 * half} AS start_x,
    (${uniform(2)} - 0.5) * ${1.8 * half} AS start_y,
    (${uniform(3)} - 0.5) * ${1.8 * half} AS end_x,
    (${uniform(4)} - 0.5) * ${1.8 * half} AS end_y,
    ${uniform(5)} * ${0.08 * half} AS wobble,
    0.05 + 0.15 * ${uniform(6)} AS frequency,
    6.283 * ${uniform(7)} AS phase,
    -- knocked out somewhere between 30% and 100% of the session
    1 + floor(${TICKS_PER_SESSION} * (0.3 + 0.7 * ${uniform(8)}))::INTEGER AS ticks,
    ((s.i + 1) * 7919) % 80000 AS start_second
FROM bench_integers AS s
CROSS JOIN bench_integers AS k
WHERE s.i < ${sessions} AND k.i < ${teamsPerSession}`);
  await connection.run(`
CREATE OR REPLACE TABLE bench_centroids AS
WITH positions AS (
    SELECT
        t.session_id,
        t.team_id,
        TIMESTAMP '${CENTROID_DATE}' + to_seconds(t.start_second + tick.i * 30) AS event_datetime,
        t.start_x + (t.end_x - t.start_x) * tick.i / ${TICKS_PER_SESSION} + t.wobble * sin(t.frequency * tick.i + t.phase) AS centroid_x,
        t.start_y + (t.end_y - t.start_y) * tick.i / ${TICKS_PER_SESSION} + t.wobble * cos(1.3 * t.frequency * tick.i + t.phase) AS centroid_y
    FROM bench_teams AS t
    JOIN bench_integers AS tick ON tick.i < t.ticks
)
SELECT
    session_id,
    team_id,
    event_datetime,
    -- Positions as the lake stores them (FLOAT): each team is one player here, so its centroid is
    -- its heartbeat, and the warehouse's path and the every-pair one see the very same values.
    CAST(CAST(centroid_x AS FLOAT) AS DOUBLE) AS centroid_x,
    CAST(CAST(centroid_y AS FLOAT) AS DOUBLE) AS centroid_y,
    -- the terrain's height under the team
    CAST(CAST(20 + 15 * sin(centroid_x / 150) * cos(centroid_y / 170) AS FLOAT) AS DOUBLE) AS centroid_z,
    DATE '${CENTROID_DATE}' AS partition_date
FROM positions`);
  await connection.run(`CREATE OR REPLACE TABLE bench_sessions AS SELECT DISTINCT session_id, DATE '${CENTROID_DATE}' AS calendar_date FROM bench_teams`);
  const reader = await connection.runAndReadAll('SELECT count(*) FROM bench_centroids');
  return { teamsPerSession, sessions, centroids: Number(reader.getRowsJS()[0]![0]) };
}

/**
 * Writes the centroids as a heartbeat file of the lake (one player per team, player_id = team_id),
 * in the order the lake guarantees inside a heartbeat file, for the heartbeat digest to read.
 */
export async function writeCentroidsAsHeartbeats(connection: DuckDBConnection, file: string): Promise<void> {
  await connection.run(`
COPY (
    SELECT team_id AS player_id, event_datetime, team_id, session_id,
        CAST(centroid_x AS FLOAT) AS position_x, CAST(centroid_y AS FLOAT) AS position_y, CAST(centroid_z AS FLOAT) AS position_z
    FROM bench_centroids
    ORDER BY session_id, team_id, event_datetime
) TO '${file.replaceAll("'", "''")}' (FORMAT parquet, ROW_GROUP_SIZE 1048576)`);
}
