import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { BUILD_DEFAULTS } from '../warehouse/buildDefaults.js';
import { appendColumns } from '../warehouse/heartbeatDigest/appendColumns.js';
import { digestHeartbeatFile } from '../warehouse/heartbeatDigest/digestHeartbeatFile.js';
import type { FileDigest } from '../warehouse/heartbeatDigest/digestHeartbeatFile.js';
import { CLOSE_TICK_COLUMNS } from '../warehouse/heartbeatDigest/digestHeartbeats.js';
import { digestColumnTypes, digestColumnsSql } from '../warehouse/heartbeatDigest/digestTables.js';
import { CENTROID_DATE, generateCentroids, writeCentroidsAsHeartbeats } from './encounterCentroids.js';
import { digestClosePairsSql, encountersSql, everyPairClosePairsSql } from './encounterSql.js';
import { bestOf } from './timing.js';

export interface EncounterComparison {
  teamsPerSession: number;
  sessions: number;
  centroids: number;
  /** The heartbeat digest of the same positions written as a heartbeat file: reading it and finding its close ticks, on one thread. */
  digestSeconds: number;
  everyPairSeconds: number;
  closePairs: number;
  encounters: number;
  /** The same (session, team pair, tick) close pairs, and the same encounters after gaps and islands. */
  identical: boolean;
}

// The squared distance too: the digest must round exactly as the every-pair SQL does.
const KEY = 'session_id, team_1_id, team_2_id, event_datetime, distance_squared';

/**
 * The warehouse's heartbeat digest against comparing every pair in DuckDB (on `threads` threads),
 * on the same positions. Generating them is set-up; the digest's timed body reads a heartbeat file
 * of them and finds the close ticks (one file is one task of the build's pool, so one thread), the
 * every-pair one materialises its close pairs, the work that grows with teams squared.
 */
export async function compareEncounters(teamsPerSession: number, centroidRows: number, threads: number, repeat: number): Promise<EncounterComparison> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    const set = await generateCentroids(connection, teamsPerSession, centroidRows);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sprint-bench-encounters-'));
    let digest: FileDigest | undefined;
    let digestSeconds: number;
    try {
      const heartbeats = path.join(scratch, 'heartbeats.parquet');
      await writeCentroidsAsHeartbeats(connection, heartbeats);
      const threshold = BUILD_DEFAULTS.encounterThreshold;
      digestSeconds = await bestOf(repeat, async () => {
        digest = await digestHeartbeatFile(heartbeats, threshold * threshold, threshold * 1.001);
      });
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    await connection.run(`CREATE OR REPLACE TABLE bench_close_ticks (${digestColumnsSql('close_ticks')})`);
    const appender = await connection.createAppender('bench_close_ticks');
    appendColumns(appender, CLOSE_TICK_COLUMNS.map((name) => digest!.close_ticks[name]), digestColumnTypes('close_ticks'), CENTROID_DATE);
    appender.closeSync();
    await connection.run(`CREATE OR REPLACE TABLE bench_digest_pairs AS ${digestClosePairsSql('bench_close_ticks')}`);
    const everyPair = everyPairClosePairsSql('bench_centroids');
    const everyPairSeconds = await bestOf(repeat, () => connection.run(`CREATE OR REPLACE TABLE bench_every_pairs AS ${everyPair}`));

    await connection.run(`CREATE OR REPLACE TABLE bench_digest_encounters AS ${encountersSql('bench_digest_pairs', 'bench_sessions')}`);
    await connection.run(`CREATE OR REPLACE TABLE bench_every_encounters AS ${encountersSql('bench_every_pairs', 'bench_sessions')}`);
    const samePairs = await sameRows(connection, 'bench_digest_pairs', 'bench_every_pairs', KEY);
    const sameEncounters = await sameRows(connection, 'bench_digest_encounters', 'bench_every_encounters', '*');
    return {
      teamsPerSession,
      sessions: set.sessions,
      centroids: set.centroids,
      digestSeconds,
      everyPairSeconds,
      closePairs: await count(connection, 'bench_every_pairs'),
      encounters: await count(connection, 'bench_every_encounters'),
      identical: samePairs && sameEncounters,
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Equal as multisets: nothing in either that the other lacks, duplicates counted. */
async function sameRows(connection: DuckDBConnection, left: string, right: string, columns: string): Promise<boolean> {
  const onlyLeft = `SELECT ${columns} FROM ${left} EXCEPT ALL SELECT ${columns} FROM ${right}`;
  const onlyRight = `SELECT ${columns} FROM ${right} EXCEPT ALL SELECT ${columns} FROM ${left}`;
  return (await count(connection, `(${onlyLeft})`)) === 0 && (await count(connection, `(${onlyRight})`)) === 0;
}

async function count(connection: DuckDBConnection, relation: string): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT count(*) FROM ${relation}`);
  return Number(reader.getRowsJS()[0]![0]);
}
