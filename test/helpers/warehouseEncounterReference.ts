import type { DuckDBConnection } from '@duckdb/node-api';

/** An encounter as plain numbers: ids as strings, instants as microseconds since the epoch. */
export interface EncounterRow {
  session: string;
  team1: string;
  team2: string;
  startUs: number;
  endUs: number;
  closeTicks: number;
}

export interface ClosePairRow {
  session: string;
  team1: string;
  team2: string;
  tickUs: number;
}

interface Centroid {
  session: string;
  team: bigint;
  tickUs: number;
  x: number;
  y: number;
  z: number;
}

/**
 * The reference the grid join is held to: CONTRACT §2 read literally, comparing every pair of
 * teams at every tick with no cells at all, then splitting each pair's close ticks wherever two
 * consecutive ones are more than the cooldown apart. It reads the warehouse's own centroids so
 * both paths start from the same numbers, and computes the squared distance in the same order of
 * operations as the SQL, so equal inputs round equally.
 */
export async function everyPairReference(
  connection: DuckDBConnection,
  threshold: number,
  cooldownSeconds: number,
): Promise<{ pairs: ClosePairRow[]; encounters: EncounterRow[] }> {
  const reader = await connection.runAndReadAll(
    'SELECT CAST(session_id AS VARCHAR) AS session, team_id, epoch_us(event_datetime) AS tick, centroid_x, centroid_y, centroid_z FROM sprint_stage.stage_centroids',
  );
  const ticks = new Map<string, Centroid[]>();
  for (const [session, team, tick, x, y, z] of reader.getRowsJS() as [string, bigint, bigint, number, number, number][]) {
    const key = `${session}|${tick}`;
    const list = ticks.get(key) ?? [];
    list.push({ session, team, tickUs: Number(tick), x, y, z });
    ticks.set(key, list);
  }

  const limit = threshold * threshold;
  const pairs: ClosePairRow[] = [];
  for (const centroids of ticks.values()) {
    for (let i = 0; i < centroids.length; i++) {
      for (let j = i + 1; j < centroids.length; j++) {
        const a = centroids[i]!;
        const b = centroids[j]!;
        const squared = (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) + (a.z - b.z) * (a.z - b.z);
        if (squared > limit) continue;
        const [low, high] = a.team < b.team ? [a.team, b.team] : [b.team, a.team];
        pairs.push({ session: a.session, team1: String(low), team2: String(high), tickUs: a.tickUs });
      }
    }
  }

  const byPair = new Map<string, number[]>();
  for (const pair of pairs) {
    const key = `${pair.session}|${pair.team1}|${pair.team2}`;
    byPair.set(key, [...(byPair.get(key) ?? []), pair.tickUs]);
  }
  const encounters: EncounterRow[] = [];
  for (const [key, closeTicks] of byPair) {
    const [session, team1, team2] = key.split('|') as [string, string, string];
    closeTicks.sort((a, b) => a - b);
    let first = 0;
    for (let i = 1; i <= closeTicks.length; i++) {
      if (i === closeTicks.length || closeTicks[i]! - closeTicks[i - 1]! > cooldownSeconds * 1e6) {
        encounters.push({ session, team1, team2, startUs: closeTicks[first]!, endUs: closeTicks[i - 1]! + 30e6, closeTicks: i - first });
        first = i;
      }
    }
  }
  return { pairs: sortRows(pairs), encounters: sortRows(encounters) };
}

/** The warehouse's close pairs and encounters in the reference's shape. */
export async function warehouseEncounters(connection: DuckDBConnection): Promise<{ pairs: ClosePairRow[]; encounters: EncounterRow[] }> {
  const pairs = await connection.runAndReadAll(
    `SELECT CAST(session_id AS VARCHAR), CAST(team_1_id AS VARCHAR), CAST(team_2_id AS VARCHAR), epoch_us(event_datetime)
     FROM sprint_stage.stage_close_pairs`,
  );
  const encounters = await connection.runAndReadAll(
    `SELECT CAST(session_id AS VARCHAR), CAST(team_1_id AS VARCHAR), CAST(team_2_id AS VARCHAR),
            epoch_us(encounter_start), epoch_us(encounter_end), close_ticks
     FROM sprint_stage.stage_encounters`,
  );
  return {
    pairs: sortRows(
      (pairs.getRowsJS() as [string, string, string, bigint][]).map(([session, team1, team2, tick]) => ({ session, team1, team2, tickUs: Number(tick) })),
    ),
    encounters: sortRows(
      (encounters.getRowsJS() as [string, string, string, bigint, bigint, bigint][]).map(([session, team1, team2, start, end, ticks]) => ({
        session,
        team1,
        team2,
        startUs: Number(start),
        endUs: Number(end),
        closeTicks: Number(ticks),
      })),
    ),
  };
}

function sortRows<T extends object>(rows: T[]): T[] {
  return rows.sort((a, b) => {
    const left = JSON.stringify(Object.values(a));
    const right = JSON.stringify(Object.values(b));
    return left < right ? -1 : left > right ? 1 : 0;
  });
}
