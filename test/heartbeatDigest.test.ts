import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { digestHeartbeatFile } from '../warehouse/heartbeatDigest/digestHeartbeatFile.js';
import type { FileDigest } from '../warehouse/heartbeatDigest/digestHeartbeatFile.js';
import { removeFolder, temporaryFolder } from './helpers/lake.js';

// The heartbeat digest against plain SQL on the same Parquet file: the SQL groups and compares every
// pair the slow way, on one thread so that its sums run in the file's order as the digest's do.
// Row groups of 2,048 rows put sessions across row-group ends, which the digest must carry over.

const THRESHOLD = 40;
const SESSIONS = 120;

/** Sessions (ids from 1, as the engine's) of 2 to 24 teams of 1 to 3 players on a small map, players leaving at different ticks. */
const HEARTBEATS_SQL = `
WITH players AS (
    SELECT s.i AS session_id, s.i * 100 + t.i AS team_id, (s.i * 100 + t.i) * 10 + p.i AS player_id,
        TIMESTAMP '2025-03-01 10:00:00' + to_seconds(s.i * 37) AS session_start,
        10 + (hash(s.i, t.i, p.i) % 30)::INTEGER AS ticks
    FROM range(1, ${SESSIONS} + 1) AS s(i), range(24) AS t(i), range(3) AS p(i)
    WHERE t.i < 2 + s.i % 23 AND p.i < 1 + (s.i + t.i) % 3
)
SELECT player_id, session_start + to_seconds(k.i * 30) AS event_datetime, team_id, session_id,
    CAST((hash(team_id, 1) % 160)::DOUBLE + k.i * 2.5 + (hash(player_id, k.i, 1) % 1000) / 250.0 AS FLOAT) AS position_x,
    CAST((hash(team_id, 2) % 160)::DOUBLE - k.i * 1.5 + (hash(player_id, k.i, 2) % 1000) / 250.0 AS FLOAT) AS position_y,
    CAST(-5 + (hash(player_id, k.i, 3) % 1000) / 100.0 AS FLOAT) AS position_z
FROM players, range(40) AS k(i)
WHERE k.i < ticks`;

describe('the heartbeat digest', () => {
  let dir: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let file: string;
  let digest: FileDigest;

  beforeAll(async () => {
    dir = temporaryFolder('heartbeat-digest');
    instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run(`CREATE TABLE heartbeats AS ${HEARTBEATS_SQL} ORDER BY session_id, team_id, player_id, event_datetime`);
    file = path.join(dir, 'ordered.parquet');
    await connection.run(`COPY heartbeats TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    digest = await digestHeartbeatFile(file, THRESHOLD * THRESHOLD, THRESHOLD * 1.001);
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
    removeFolder(dir);
  });

  const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowsJS().map((row) => row.map(Number).join(' ')).sort();
  const digestRows = (columns: Record<string, Float64Array>, names: readonly string[]) =>
    Array.from({ length: columns[names[0]!]!.length }, (_, i) => names.map((name) => columns[name]![i]).join(' ')).sort();

  it('reads a file of several row groups, with sessions running across their ends', async () => {
    expect(Number((await connection.runAndReadAll(`SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${file}')`)).getRowsJS()[0]![0])).toBeGreaterThan(3);
    expect(digest.heartbeats).toBe(Number((await connection.runAndReadAll('SELECT count(*) FROM heartbeats')).getRowsJS()[0]![0]));
  });

  it('gives one row per player run with its count and first and last beat, as a group-by does', async () => {
    const expected = await rows(
      'SELECT player_id, session_id, team_id, count(*), epoch_us(min(event_datetime)), epoch_us(max(event_datetime)) FROM heartbeats GROUP BY ALL',
    );
    expect(expected.length).toBeGreaterThan(500);
    expect(digestRows(digest.session_beats, ['player_id', 'session_id', 'team_id', 'heartbeat_count', 'first_heartbeat_us', 'last_heartbeat_us'])).toEqual(expected);
  });

  it('finds exactly the pairs of team centroids within the threshold that comparing every pair finds, to the last bit', async () => {
    const expected = await rows(`
      WITH centroids AS (
          SELECT session_id, team_id, event_datetime, avg(position_x) AS x, avg(position_y) AS y, avg(position_z) AS z
          FROM heartbeats GROUP BY ALL
      )
      SELECT a.session_id, a.team_id, b.team_id, epoch_us(a.event_datetime),
          (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) + (a.z - b.z) * (a.z - b.z) AS d2
      FROM centroids AS a JOIN centroids AS b
          ON a.session_id = b.session_id AND a.event_datetime = b.event_datetime AND a.team_id < b.team_id
      WHERE d2 <= ${THRESHOLD} * ${THRESHOLD}`);
    // Crowded: many pairs, and sessions of more than 16 teams, which are swept in x order.
    expect(expected.length).toBeGreaterThan(1000);
    const distances = digest.close_ticks.distance_squared;
    expect(distances.every((d) => d <= THRESHOLD * THRESHOLD)).toBe(true);
    // Number(x).toString() round-trips a double exactly, so equal strings are equal bits.
    expect(digestRows(digest.close_ticks, ['session_id', 'team_1_id', 'team_2_id', 'event_datetime', 'distance_squared'])).toEqual(expected);
  });

  it('digests a file in parts of its row groups that together give the whole file\'s rows, whatever the number of parts', async () => {
    const rowGroups = Number((await connection.runAndReadAll(`SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${file}')`)).getRowsJS()[0]![0]);
    const beats = ['player_id', 'session_id', 'team_id', 'heartbeat_count', 'first_heartbeat_us', 'last_heartbeat_us'] as const;
    const ticks = ['session_id', 'team_1_id', 'team_2_id', 'event_datetime', 'distance_squared'] as const;
    const whole = { beats: digestRows(digest.session_beats, beats), ticks: digestRows(digest.close_ticks, ticks) };
    // A session runs across every row group's end here (sessions outnumber row groups, and each spans several).
    for (const count of [2, 3, rowGroups - 1, rowGroups, rowGroups + 5]) {
      const parts = await Promise.all(Array.from({ length: count }, (_, index) => digestHeartbeatFile(file, THRESHOLD * THRESHOLD, THRESHOLD * 1.001, { index, count })));
      expect(parts.reduce((sum, part) => sum + part.heartbeats, 0), `${count} parts`).toBe(digest.heartbeats);
      expect(parts.flatMap((part) => digestRows(part.session_beats, beats)).sort(), `${count} parts`).toEqual(whole.beats);
      expect(parts.flatMap((part) => digestRows(part.close_ticks, ticks)).sort(), `${count} parts`).toEqual(whole.ticks);
      // More parts than row groups leave some parts empty; otherwise each part has sessions of its own.
      if (count <= rowGroups) expect(parts.every((part) => part.session_beats.session_id.length > 0)).toBe(true);
    }
  });

  it('refuses sessions out of order when it digests a part of a file, as when it digests the whole', async () => {
    const descending = path.join(dir, 'descending-in-row-groups.parquet');
    await connection.run(`COPY (SELECT * FROM heartbeats ORDER BY session_id DESC, team_id, player_id, event_datetime) TO '${descending}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    await expect(digestHeartbeatFile(descending, THRESHOLD * THRESHOLD, THRESHOLD, { index: 1, count: 2 })).rejects.toThrow(/breaks the order the lake guarantees inside a heartbeat file \(session \d+ comes after session \d+/);
  });

  it('refuses a file whose rows are not in the lake order, naming the file and what is wrong', async () => {
    const shuffled = path.join(dir, 'shuffled.parquet');
    await connection.run(`COPY (SELECT * FROM heartbeats ORDER BY session_id DESC, team_id, player_id, event_datetime) TO '${shuffled}' (FORMAT parquet)`);
    await expect(digestHeartbeatFile(shuffled, THRESHOLD * THRESHOLD, THRESHOLD)).rejects.toThrow(
      new RegExp(`^lake file ${shuffled.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} breaks the order the lake guarantees inside a heartbeat file \\(session \\d+ comes after session \\d+`),
    );
    const teamsDescending = path.join(dir, 'teams-descending.parquet');
    await connection.run(`COPY (SELECT * FROM heartbeats ORDER BY session_id, team_id DESC, player_id, event_datetime) TO '${teamsDescending}' (FORMAT parquet)`);
    await expect(digestHeartbeatFile(teamsDescending, THRESHOLD * THRESHOLD, THRESHOLD)).rejects.toThrow(/session \d+: team \d+ comes after team \d+/);
    const reversedBeats = path.join(dir, 'reversed-beats.parquet');
    await connection.run(`COPY (SELECT * FROM heartbeats ORDER BY session_id, team_id, player_id, event_datetime DESC) TO '${reversedBeats}' (FORMAT parquet)`);
    await expect(digestHeartbeatFile(reversedBeats, THRESHOLD * THRESHOLD, THRESHOLD)).rejects.toThrow(/are not in time order/);
  });

  it('refuses a heartbeat off its session’s 30-second ticks', async () => {
    const offTick = path.join(dir, 'off-tick.parquet');
    await connection.run(
      `COPY (SELECT * REPLACE (CASE WHEN player_id = 1010 AND event_datetime = (SELECT max(event_datetime) FROM heartbeats WHERE player_id = 1010) THEN event_datetime + INTERVAL 1 SECOND ELSE event_datetime END AS event_datetime) FROM heartbeats ORDER BY session_id, team_id, player_id, event_datetime) TO '${offTick}' (FORMAT parquet)`,
    );
    await expect(digestHeartbeatFile(offTick, THRESHOLD * THRESHOLD, THRESHOLD)).rejects.toThrow(/not all on the session's 30-second ticks|off the session's 30-second ticks/);
  });

  it('refuses an id it does not take (zero, negative, or from 2^52 on), naming the file, column and value', async () => {
    const cases = [['player_id', '-1'], ['session_id', '4503599627370496'], ['team_id', '0'], ['player_id', '-9223372036854775808']] as const;
    for (const [column, value] of cases) {
      const file = path.join(dir, `${column}-${value}-out-of-range.parquet`);
      await connection.run(
        `COPY (SELECT * REPLACE (CASE WHEN player_id = (SELECT max(player_id) FROM heartbeats) THEN (${value})::BIGINT ELSE ${column} END AS ${column}) FROM heartbeats ORDER BY session_id, team_id, player_id, event_datetime) TO '${file}' (FORMAT parquet)`,
      );
      await expect(digestHeartbeatFile(file, THRESHOLD * THRESHOLD, THRESHOLD)).rejects.toThrow(
        new RegExp(`^lake file .*${column}-${value}-out-of-range\\.parquet holds an id outside the range the lake guarantees \\(a value of ${column}, ${value}, is not an id from 1 to 2\\^52 - 1.*; rewrite it with this version of \`npm run simulate\`$`),
      );
    }
  });
});
