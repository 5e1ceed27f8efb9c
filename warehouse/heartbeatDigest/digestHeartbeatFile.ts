import { IdRangeError, idOutOfRange, isIdBits, readRowGroups, rowGroupCount } from '../../partitions/parquetColumns.js';
import type { ColumnSpec, RowGroupColumns } from '../../partitions/parquetColumns.js';
import { columnValues } from './growableColumns.js';
import { HeartbeatDigester, HeartbeatOrderError } from './digestHeartbeats.js';
import type { CloseTickColumn, HeartbeatRows, SessionBeatColumn } from './digestHeartbeats.js';

const SESSION_ID: ColumnSpec = { name: 'session_id', kind: 'int64-bits' };
const HEARTBEAT_COLUMNS: readonly ColumnSpec[] = [
  SESSION_ID,
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
 * Which of a file's row groups a digest task reads: part `index` of `count`, an even share of the
 * row groups in order. A lone day's file (a one-day append) then need not wait on one thread.
 */
export interface FilePart {
  index: number;
  count: number;
}

const WHOLE_FILE: FilePart = { index: 0, count: 1 };

/**
 * Digests one heartbeat file, or a part of its row groups, a row group at a time. A session may run
 * across a row group's end: its rows there are held back and digested with the rest of it from the
 * next row group, so the digester always sees whole sessions while memory holds one row group and
 * one session. A part digests the sessions that start in its row groups: it skips the rows of the
 * one running into them, which the part before digests, and reads on past its last row group to
 * the end of its own last session. The parts of a file give the whole file's rows, and each
 * counts the heartbeats of its own row groups.
 */
export async function digestHeartbeatFile(file: string, thresholdSquared: number, pruneDistance: number, part: FilePart = WHOLE_FILE): Promise<FileDigest> {
  const digester = new HeartbeatDigester(thresholdSquared, pruneDistance);
  let heldBack: HeartbeatRows | null = null;
  let heartbeats = 0;
  try {
    const { rowGroups, from, to } = await rowGroupsOfPart(file, part);
    let skipping = from > 0 && from < to ? await lastSessionBefore(file, from) : null;
    if (skipping !== null) digester.startAfter(skipping);
    for await (const rowGroup of readRowGroups(file, HEARTBEAT_COLUMNS, { from, to })) {
      if (rowGroup.rows === 0) continue;
      const rows = asHeartbeatRows(rowGroup);
      heartbeats += rowGroup.rows;
      let start = 0;
      if (skipping !== null) {
        start = endOfSession(rows, skipping, 0, rowGroup.rows);
        if (start === rowGroup.rows) continue;
        skipping = null;
      }
      if (heldBack) {
        const rest = endOfSession(rows, heldBack.sessionId[0]!, start, rowGroup.rows);
        if (rest === rowGroup.rows) {
          heldBack = concatRows(heldBack, rows, start, rest);
          continue;
        }
        const whole = concatRows(heldBack, rows, start, rest);
        digester.digestSessions(whole, 0, whole.sessionId.length);
        heldBack = null;
        start = rest;
      }
      const lastSessionStart = startOfLastSession(rows, start, rowGroup.rows);
      digester.digestSessions(rows, start, lastSessionStart);
      heldBack = concatRows(emptyRows(), rows, lastSessionStart, rowGroup.rows);
    }
    if (heldBack && to < rowGroups) heldBack = await restOfSession(file, to, heldBack);
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

/** A part's row groups, [from, to) of the file's; the whole file's without reading its footer. */
async function rowGroupsOfPart(file: string, part: FilePart): Promise<{ rowGroups: number; from: number; to: number }> {
  if (part.count === 1) return { rowGroups: Infinity, from: 0, to: Infinity };
  const rowGroups = await rowGroupCount(file);
  return { rowGroups, from: Math.floor((part.index * rowGroups) / part.count), to: Math.floor(((part.index + 1) * rowGroups) / part.count) };
}

/** The session of the last row before row group `rowGroup`: only session ids are decoded. */
async function lastSessionBefore(file: string, rowGroup: number): Promise<number | null> {
  for (let before = rowGroup - 1; before >= 0; before--) {
    let last: number | null = null;
    for await (const { rows, columns } of readRowGroups(file, [SESSION_ID], { from: before, to: before + 1 })) {
      const ids = columns[0] as Float64Array;
      if (rows === 0) continue;
      if (!isIdBits(ids[rows - 1]!)) throw idOutOfRange('session_id', ids, rows - 1);
      last = ids[rows - 1]!;
    }
    if (last !== null) return last;
  }
  return null;
}

/** `heldBack`, a part's last session, with its rows from row group `from` on. */
async function restOfSession(file: string, from: number, heldBack: HeartbeatRows): Promise<HeartbeatRows> {
  const session = heldBack.sessionId[0]!;
  let whole = heldBack;
  for await (const rowGroup of readRowGroups(file, HEARTBEAT_COLUMNS, { from })) {
    const rows = asHeartbeatRows(rowGroup);
    const rest = endOfSession(rows, session, 0, rowGroup.rows);
    whole = concatRows(whole, rows, 0, rest);
    if (rest < rowGroup.rows) break;
  }
  return whole;
}

function asHeartbeatRows({ columns }: RowGroupColumns): HeartbeatRows {
  const [sessionId, teamId, playerId, eventUs, x, y, z] = columns as [Float64Array, Float64Array, Float64Array, Float64Array, Float32Array, Float32Array, Float32Array];
  return { sessionId, teamId, playerId, eventUs, x, y, z };
}

/** The first row from `start` on (before `end`) that is not of `session`. */
function endOfSession(rows: HeartbeatRows, session: number, start: number, end: number): number {
  let row = start;
  while (row < end && rows.sessionId[row] === session) row++;
  return row;
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
