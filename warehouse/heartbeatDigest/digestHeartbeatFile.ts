import { IdRangeError, readRowGroups } from '../../partitions/parquetColumns.js';
import type { ColumnSpec, RowGroupColumns } from '../../partitions/parquetColumns.js';
import { columnValues } from './growableColumns.js';
import { HeartbeatDigester, HeartbeatOrderError } from './digestHeartbeats.js';
import type { CloseTickColumn, HeartbeatRows, SessionBeatColumn } from './digestHeartbeats.js';

const HEARTBEAT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'session_id', kind: 'int64-bits' },
  { name: 'team_id', kind: 'int64-bits' },
  { name: 'player_id', kind: 'int64-bits' },
  { name: 'event_datetime', kind: 'int64' },
  { name: 'position_x', kind: 'float32' },
  { name: 'position_y', kind: 'float32' },
  { name: 'position_z', kind: 'float32' },
];

/** One file's digest: its heartbeat count and the rows of each digest table, column by column. */
export interface FileDigest {
  heartbeats: number;
  session_beats: Record<SessionBeatColumn, Float64Array>;
  close_ticks: Record<CloseTickColumn, Float64Array>;
}

/**
 * Digests one heartbeat file a row group at a time. A session may run across a row group's end:
 * its rows there are held back and digested with the rest of it from the next row group, so the
 * digester always sees whole sessions while memory holds one row group and one session.
 */
export async function digestHeartbeatFile(file: string, thresholdSquared: number, pruneDistance: number): Promise<FileDigest> {
  const digester = new HeartbeatDigester(thresholdSquared, pruneDistance);
  let heldBack: HeartbeatRows | null = null;
  let heartbeats = 0;
  try {
    for await (const rowGroup of readRowGroups(file, HEARTBEAT_COLUMNS)) {
      if (rowGroup.rows === 0) continue;
      const rows = asHeartbeatRows(rowGroup);
      heartbeats += rowGroup.rows;
      let start = 0;
      if (heldBack) {
        const session = heldBack.sessionId[0]!;
        let rest = 0;
        while (rest < rowGroup.rows && rows.sessionId[rest] === session) rest++;
        if (rest === rowGroup.rows) {
          heldBack = concatRows(heldBack, rows, 0, rest);
          continue;
        }
        const whole = concatRows(heldBack, rows, 0, rest);
        digester.digestSessions(whole, 0, whole.sessionId.length);
        heldBack = null;
        start = rest;
      }
      const lastSessionStart = startOfLastSession(rows, start, rowGroup.rows);
      digester.digestSessions(rows, start, lastSessionStart);
      heldBack = concatRows(emptyRows(), rows, lastSessionStart, rowGroup.rows);
    }
    if (heldBack) digester.digestSessions(heldBack, 0, heldBack.sessionId.length);
  } catch (error) {
    if (error instanceof HeartbeatOrderError) {
      throw new HeartbeatOrderError(
        `lake file ${file} breaks the order the lake guarantees inside a heartbeat file (${error.message}); ` +
          'rewrite it with this version of `npm run simulate`',
      );
    }
    if (error instanceof IdRangeError) {
      throw new Error(`lake file ${file} holds an id outside the range the lake guarantees (${error.message}); rewrite it with this version of \`npm run simulate\``);
    }
    // Anything else was thrown while decoding the file.
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new Error(`lake file ${file} is truncated or corrupt (${reason}); delete it and rerun \`npm run simulate -- --resume\` to rewrite it`, { cause: error });
  }
  return { heartbeats, session_beats: columnValues(digester.sessionBeats), close_ticks: columnValues(digester.closeTicks) };
}

function asHeartbeatRows({ columns }: RowGroupColumns): HeartbeatRows {
  const [sessionId, teamId, playerId, eventUs, x, y, z] = columns as [Float64Array, Float64Array, Float64Array, Float64Array, Float32Array, Float32Array, Float32Array];
  return { sessionId, teamId, playerId, eventUs, x, y, z };
}

function startOfLastSession(rows: HeartbeatRows, start: number, end: number): number {
  let first = end - 1;
  while (first > start && rows.sessionId[first - 1] === rows.sessionId[end - 1]) first--;
  return first;
}

function emptyRows(): HeartbeatRows {
  return { sessionId: new Float64Array(0), teamId: new Float64Array(0), playerId: new Float64Array(0), eventUs: new Float64Array(0), x: new Float32Array(0), y: new Float32Array(0), z: new Float32Array(0) };
}

/** `head` followed by rows [start, end) of `tail`, in new arrays. */
function concatRows(head: HeartbeatRows, tail: HeartbeatRows, start: number, end: number): HeartbeatRows {
  const join = <T extends Float64Array | Float32Array>(a: T, b: T): T => {
    const out = new (a.constructor as new (length: number) => T)(a.length + end - start);
    out.set(a);
    out.set(b.subarray(start, end), a.length);
    return out;
  };
  return {
    sessionId: join(head.sessionId, tail.sessionId),
    teamId: join(head.teamId, tail.teamId),
    playerId: join(head.playerId, tail.playerId),
    eventUs: join(head.eventUs, tail.eventUs),
    x: join(head.x, tail.x),
    y: join(head.y, tail.y),
    z: join(head.z, tail.z),
  };
}
