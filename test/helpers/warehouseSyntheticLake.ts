import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** A team in a hand-made session: its players all stand around one centroid. */
export interface SyntheticTeam {
  teamId: number;
  players: number[];
  /** How long its players stay, in seconds: their heartbeats are the ticks k·30 < this. */
  lengthSeconds: number;
  /** The team's centroid at tick k (k·30 s after the session's start). */
  position(tick: number): readonly [number, number, number];
  /** How far apart its players stand around the centroid (default 1: about a unit). */
  spread?: number;
}

export interface SyntheticSession {
  sessionId: number;
  /** ISO instant, UTC, e.g. '2025-03-01T23:58:00Z'. */
  start: string;
  gameMode?: 'skirmish' | 'battle_royale';
  teams: SyntheticTeam[];
}

const TICK_MS = 30_000;

/**
 * Writes a small lake in the engine's layout and types (Hive date partitions, zstd Parquet, UTC
 * timestamps) from hand-made sessions, so encounter edge cases can be placed exactly. It keeps
 * CONTRACT §1's rules (a sign-on before each session, one session per player a day, zero-sum
 * kills) so the whole build, data tests included, runs on it. It has no transactions, which also
 * exercises a lake where a table has no files yet.
 */
export async function writeSyntheticLake(dir: string, sessions: readonly SyntheticSession[]): Promise<void> {
  const players = new Map<number, string>();
  const signons: object[] = [];
  const sessionRows: object[] = [];
  const heartbeats: object[] = [];
  for (const session of sessions) {
    const start = Date.parse(session.start);
    for (const team of session.teams) {
      team.players.forEach((playerId, index) => {
        const day = new Date(start).toISOString().slice(0, 10);
        const signup = players.get(playerId);
        if (signup === undefined || signup > day) players.set(playerId, day);
        signons.push({ player_id: playerId, event_datetime: iso(start - 60_000), country: 'US', platform: 'PC' });
        sessionRows.push({
          player_id: playerId,
          session_id: session.sessionId,
          team_id: team.teamId,
          event_datetime: iso(start + team.lengthSeconds * 1000),
          country: 'US',
          event_length_seconds: team.lengthSeconds,
          kills: 0,
          deaths: 0,
          game_mode: session.gameMode ?? 'battle_royale',
          region: 'NA',
          platform: 'PC',
        });
        // Offsets around the centroid that sum to zero and are exact in FLOAT: the mean is the centroid.
        const offset = (index - (team.players.length - 1) / 2) * (team.spread ?? 1);
        for (let tick = 0; tick * 30 < team.lengthSeconds; tick++) {
          const [x, y, z] = team.position(tick);
          heartbeats.push({
            player_id: playerId,
            event_datetime: iso(start + tick * TICK_MS),
            team_id: team.teamId,
            session_id: session.sessionId,
            position_x: x + offset,
            position_y: y - offset,
            position_z: z,
          });
        }
      });
    }
  }

  fs.mkdirSync(dir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    const write = async (table: string, rows: readonly object[], columns: string, select: string, partitioned: boolean, orderBy = '') => {
      const json = path.join(dir, `.${table}.json`);
      fs.writeFileSync(json, rows.map((row) => JSON.stringify(row)).join('\n'));
      const target = path.join(dir, table);
      const source = `(SELECT ${select} FROM read_json('${json}', format = 'newline_delimited', columns = {${columns}})${orderBy ? ` ORDER BY ${orderBy}` : ''})`;
      if (partitioned) {
        await connection.run(`COPY ${source} TO '${target}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date))`);
      } else {
        fs.mkdirSync(target, { recursive: true });
        await connection.run(`COPY ${source} TO '${path.join(target, 'part-0.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
      }
      fs.rmSync(json);
    };
    const utc = (column: string) => `CAST(${column} AS TIMESTAMPTZ) AS ${column}`;
    await write(
      'players',
      [...players].map(([player_id, signup_date]) => ({ player_id, signup_date })),
      "player_id: 'BIGINT', signup_date: 'DATE'",
      "player_id, signup_date, 'US' AS country, 'PC' AS platform, 'daily' AS archetype, 'none' AS spender_segment, NULL::DATE AS churn_date, 'NA' AS region, CAST(0.5 AS FLOAT) AS skill, " +
        "'Player' || player_id AS gamertag, 'en-US' AS language, '18-24' AS age_band, 'Windows desktop' AS device, 'organic' AS acquisition_channel, false AS marketing_opt_in",
      false,
    );
    await write(
      'products',
      [{ product_id: 1 }],
      "product_id: 'INTEGER'",
      "product_id, 'SKIN-1' AS product_sku, 'Skin' AS product_name, 'Standard' AS tier, CAST(4.99 AS DECIMAL(12,2)) AS price_usd, 'Skin' AS transaction_type, false AS is_recurring, NULL::VARCHAR AS cycle",
      false,
    );
    await write(
      'signons',
      signons,
      "player_id: 'BIGINT', event_datetime: 'TIMESTAMP', country: 'VARCHAR', platform: 'VARCHAR'",
      `player_id, ${utc('event_datetime')}, country, platform, CAST(event_datetime AS DATE) AS date`,
      true,
    );
    await write(
      'sessions',
      sessionRows,
      "player_id: 'BIGINT', session_id: 'BIGINT', team_id: 'BIGINT', event_datetime: 'TIMESTAMP', country: 'VARCHAR', event_length_seconds: 'INTEGER', kills: 'INTEGER', deaths: 'INTEGER', game_mode: 'VARCHAR', region: 'VARCHAR', platform: 'VARCHAR'",
      `player_id, session_id, team_id, ${utc('event_datetime')}, country, event_length_seconds, kills, deaths, game_mode, region, platform, CAST(event_datetime AS DATE) AS date`,
      true,
    );
    await write(
      'heartbeats',
      heartbeats,
      "player_id: 'BIGINT', event_datetime: 'TIMESTAMP', team_id: 'BIGINT', session_id: 'BIGINT', position_x: 'FLOAT', position_y: 'FLOAT', position_z: 'FLOAT'",
      `player_id, ${utc('event_datetime')}, team_id, session_id, position_x, position_y, position_z, CAST(event_datetime AS DATE) AS date`,
      true,
      // The order the lake guarantees inside a heartbeat file (docs/contract-additions.md).
      'session_id, team_id, player_id, event_datetime',
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
