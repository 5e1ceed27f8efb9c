import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from '../warehouse/connection.js';
import { folderBytes } from './scratchFolder.js';

/** DuckDB writing the same number of heartbeat-shaped rows, measured on the same threads. */
export interface YardstickRun {
  threads: number;
  rows: number;
  seconds: number;
  /** CPU time of DuckDB's threads during the COPY (they run inside this process). */
  cpuSeconds: number;
  bytes: number;
}

/**
 * The yardstick's shape, close to Sprint's: a player-session logs 40 beats (Sprint's lakes average
 * about 41), 8 players per session in teams of 2, sessions spread over `days` date partitions.
 */
const BEATS_PER_PLAYER_SESSION = 40;
const PLAYERS_PER_SESSION = 8;
const PLAYERS_PER_TEAM = 2;

/**
 * A table of integers to cross join instead of `range()`, which DuckDB runs on one thread. A table
 * scan splits by row group (122,880 rows), so the table is sized to give every thread several.
 */
function integerTableRows(threads: number): number {
  return (1 << 20) * Math.max(1, Math.ceil(threads / 4));
}

/**
 * Generates `rows` heartbeats in SQL (the contract's 7 columns, sin/cos paths plus random() noise)
 * and writes them as date-partitioned zstd Parquet into `out` with COPY … PARTITION_BY. Only the
 * COPY is timed; opening DuckDB and filling the integer table are set-up.
 */
export async function duckdbYardstick(rows: number, days: number, threads: number, out: string): Promise<YardstickRun> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run(`SET threads = ${threads}`);
    // Like Sprint's writer, which keeps no global order across files either.
    await connection.run('SET preserve_insertion_order = false');
    const width = integerTableRows(threads);
    await connection.run(`CREATE TABLE integers AS SELECT range::BIGINT AS i FROM range(${width})`);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await connection.run(copySql(rows, days, width, out));
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = (performance.now() - started) / 1000;
    return { threads, rows, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, bytes: folderBytes(out, '.parquet') };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function copySql(rows: number, days: number, width: number, out: string): string {
  const outer = Math.ceil(rows / width);
  const beats = BEATS_PER_PLAYER_SESSION;
  const window = days * 86_400;
  return `
COPY (
    WITH numbered AS (
        SELECT outer_i.i * ${width} + inner_i.i AS n
        FROM integers AS inner_i
        CROSS JOIN (SELECT i FROM integers WHERE i < ${outer}) AS outer_i
        WHERE outer_i.i * ${width} + inner_i.i < ${rows}
    ),
    beats AS (
        SELECT n // ${beats} AS player_session, n % ${beats} AS tick FROM numbered
    ),
    shaped AS (
        SELECT
            player_session + 1 AS player_id,
            player_session // ${PLAYERS_PER_SESSION} + 1 AS session_id,
            player_session // ${PLAYERS_PER_TEAM} + 1 AS team_id,
            tick,
            -- sessions start all over the window (a multiplicative hash spreads them)
            TIMESTAMP '2025-01-01' + to_seconds(((player_session // ${PLAYERS_PER_SESSION}) * 2654435761) % ${window} + tick * 30) AS event_datetime
        FROM beats
    )
    SELECT
        player_id::BIGINT AS player_id,
        event_datetime,
        team_id::BIGINT AS team_id,
        session_id::BIGINT AS session_id,
        (800 * sin(tick * 0.05 + session_id) + 24 * (random() - 0.5))::FLOAT AS position_x,
        (800 * cos(tick * 0.04 + team_id) + 24 * (random() - 0.5))::FLOAT AS position_y,
        (60 + 40 * sin(tick * 0.03 + team_id) + 2 * random())::FLOAT AS position_z,
        event_datetime::DATE AS date
    FROM shaped
) TO ${sqlString(out)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date))`;
}
