import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { generateCentroids } from './encounterCentroids.js';
import { encountersSql, everyPairClosePairsSql, gridClosePairsSql } from './encounterSql.js';
import { bestOf } from './timing.js';

export interface EncounterComparison {
  teamsPerSession: number;
  sessions: number;
  centroids: number;
  gridSeconds: number;
  everyPairSeconds: number;
  closePairs: number;
  encounters: number;
  /** The same (session, team pair, tick) close pairs, and the same encounters after gaps and islands. */
  identical: boolean;
}

const KEY = 'session_id, team_1_id, team_2_id, event_datetime';

/**
 * The grid join against comparing every pair, on the same centroids, in one DuckDB on `threads`
 * threads. Generating the centroids is set-up; each path's timed body is materialising its close
 * pairs, the work that grows with teams squared when there is no grid.
 */
export async function compareEncounters(teamsPerSession: number, centroidRows: number, threads: number, repeat: number): Promise<EncounterComparison> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    const set = await generateCentroids(connection, teamsPerSession, centroidRows);
    const grid = gridClosePairsSql('bench_centroids');
    const everyPair = everyPairClosePairsSql('bench_centroids');
    const gridSeconds = await bestOf(repeat, () => connection.run(`CREATE OR REPLACE TABLE bench_grid_pairs AS ${grid}`));
    const everyPairSeconds = await bestOf(repeat, () => connection.run(`CREATE OR REPLACE TABLE bench_every_pairs AS ${everyPair}`));

    await connection.run(`CREATE OR REPLACE TABLE bench_grid_encounters AS ${encountersSql('bench_grid_pairs', 'bench_sessions')}`);
    await connection.run(`CREATE OR REPLACE TABLE bench_every_encounters AS ${encountersSql('bench_every_pairs', 'bench_sessions')}`);
    const samePairs = await sameRows(connection, 'bench_grid_pairs', 'bench_every_pairs', KEY);
    const sameEncounters = await sameRows(connection, 'bench_grid_encounters', 'bench_every_encounters', '*');
    return {
      teamsPerSession,
      sessions: set.sessions,
      centroids: set.centroids,
      gridSeconds,
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
