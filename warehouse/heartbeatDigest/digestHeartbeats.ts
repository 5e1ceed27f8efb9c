import { idOutOfRange, int64FromBits, isIdBits } from '../../partitions/parquetColumns.js';
import { columnSet } from './growableColumns.js';
import type { ColumnSet } from './growableColumns.js';

/**
 * Heartbeat rows as the digest reads them: microsecond times as doubles (exact below 2^53), and
 * ids as their `int64-bits` (partitions/parquetColumns.ts), which compare as the ids do: the digest
 * only compares them, and turns the few it writes out back into numbers. The reader leaves their
 * range to the digest, which checks each id where it first meets it: a session's at its start, a
 * team's where the team changes, a player's where its run starts. Every other row's id is `===`
 * one of those.
 */
export interface HeartbeatRows {
  sessionId: Float64Array;
  teamId: Float64Array;
  playerId: Float64Array;
  eventUs: Float64Array;
  x: Float32Array;
  y: Float32Array;
  z: Float32Array;
}

export const SESSION_BEAT_COLUMNS = ['player_id', 'session_id', 'team_id', 'heartbeat_count', 'first_heartbeat_us', 'last_heartbeat_us'] as const;
/** `event_datetime` is the tick's microseconds here, and a TIMESTAMP in the table (digestTables.ts). */
export const CLOSE_TICK_COLUMNS = ['session_id', 'team_1_id', 'team_2_id', 'event_datetime', 'distance_squared'] as const;
export type SessionBeatColumn = (typeof SESSION_BEAT_COLUMNS)[number];
export type CloseTickColumn = (typeof CLOSE_TICK_COLUMNS)[number];

/** The heartbeat tick (CONTRACT §1: every player of a session beats on session start + k·30 s). */
const TICK_US = 30_000_000;
/** Up to this many teams at a tick every pair is compared; above it, teams are swept in x order. */
const ALL_PAIRS_UP_TO = 16;

/** A broken lake guarantee, found while digesting; the caller names the file. */
export class HeartbeatOrderError extends Error {}

/**
 * Digests one date partition's heartbeats in a single pass, using the order the lake guarantees
 * inside a heartbeat file (CONTRACT §1 as extended: rows by session_id, then team_id, and each
 * player's beats in a session one run in time order). Because of that order nothing is hashed:
 *
 * - a player's run is one row of `sessionBeats` (what play time is checked against);
 * - a session's rows are all at hand together, so each team's centroid at each tick (the mean of
 *   its players' positions, as `stage_centroids` defines it) is summed into a small tick × team
 *   grid, and the teams of each tick are compared: every pair when there are few, otherwise in
 *   x order, stopping once x alone is farther apart than the threshold. `closeTicks` gets every
 *   pair of teams within the threshold at a tick, with their squared distance computed as the
 *   every-pair SQL computes it, so the two round identically.
 *
 * The order is checked as it is used: a file that breaks it fails with HeartbeatOrderError rather
 * than giving wrong rows.
 */
export class HeartbeatDigester {
  readonly sessionBeats: ColumnSet<SessionBeatColumn> = columnSet(SESSION_BEAT_COLUMNS);
  readonly closeTicks: ColumnSet<CloseTickColumn> = columnSet(CLOSE_TICK_COLUMNS);
  private lastSession = -Infinity;
  private sumX = new Float64Array(0);
  private sumY = new Float64Array(0);
  private sumZ = new Float64Array(0);
  private beats = new Uint32Array(0);
  // The teams present at one tick, by their index in the session, with their centroids.
  private present = new Int32Array(0);
  private centroidX = new Float64Array(0);
  private centroidY = new Float64Array(0);
  private centroidZ = new Float64Array(0);
  private byX = new Int32Array(0);
  // The session's team ids, by their index in the session.
  private teamIds = new Float64Array(0);
  // The session's teams (by index) in x order at the last tick swept, and a scratch map from team to its place at this tick.
  private order = new Int32Array(0);
  private orderLength = 0;
  private rank = new Int32Array(0);

  /**
   * @param thresholdSquared the squared encounter threshold, as the SQL computes it
   * @param pruneDistance a distance in x beyond which two teams cannot be within the threshold
   *   (the threshold and a hair more, so that rounding can never drop a pair)
   */
  constructor(
    private readonly thresholdSquared: number,
    private readonly pruneDistance: number,
  ) {}

  /** Digests a part of a file that begins after `session`: every session it meets must come after that one. */
  startAfter(session: number): void {
    this.lastSession = session;
  }

  /** Digests the whole sessions in rows [start, end): a session must not continue past `end`. */
  digestSessions(rows: HeartbeatRows, start: number, end: number): void {
    let first = start;
    while (first < end) first = this.digestSession(rows, first, end);
  }

  /** Digests the session starting at row `start`, which ends at the latest at `limit`; returns where it ends. */
  private digestSession(rows: HeartbeatRows, start: number, limit: number): number {
    const { sessionId, teamId, playerId, eventUs, x, y, z } = rows;
    const session = sessionId[start]!;
    if (!isIdBits(session)) throw idOutOfRange('session_id', sessionId, start);
    if (!isIdBits(teamId[start]!)) throw idOutOfRange('team_id', teamId, start);
    if (!(session > this.lastSession)) throw new HeartbeatOrderError(`session ${int64FromBits(session)} comes after session ${int64FromBits(this.lastSession)}, or twice`);
    this.lastSession = session;
    const sessionValue = int64FromBits(session);

    let firstUs = Infinity;
    let lastUs = -Infinity;
    let teams = 1;
    let end = start;
    for (; end < limit && sessionId[end] === session; end++) {
      const i = end;
      const us = eventUs[i]!;
      if (us < firstUs) firstUs = us;
      if (us > lastUs) lastUs = us;
      if (i > start && teamId[i] !== teamId[i - 1]) {
        if (!isIdBits(teamId[i]!)) throw idOutOfRange('team_id', teamId, i);
        if (!(teamId[i]! > teamId[i - 1]!)) throw new HeartbeatOrderError(`session ${sessionValue}: team ${int64FromBits(teamId[i]!)} comes after team ${int64FromBits(teamId[i - 1]!)}`);
        teams++;
      }
    }
    if ((lastUs - firstUs) % TICK_US !== 0) throw new HeartbeatOrderError(`session ${sessionValue}: heartbeats are not all on the session's 30-second ticks`);
    const ticks = (lastUs - firstUs) / TICK_US + 1;
    this.clearGrid(ticks * teams);
    if (this.teamIds.length < teams) this.teamIds = new Float64Array(teams);

    const { sumX, sumY, sumZ, beats } = this;
    const teamIds = this.teamIds;
    let team = -1;
    let i = start;
    while (i < end) {
      const runStart = i;
      const player = playerId[i]!;
      if (!isIdBits(player)) throw idOutOfRange('player_id', playerId, i);
      const runTeam = teamId[i]!;
      if (i === start || runTeam !== teamId[i - 1]) teamIds[++team] = int64FromBits(runTeam);
      // A run's beats are normally on consecutive ticks: the next cell is one tick row further on.
      let previousUs = eventUs[i]!;
      const firstTick = (previousUs - firstUs) / TICK_US;
      if ((firstTick | 0) !== firstTick) throw new HeartbeatOrderError(`session ${sessionValue}: a heartbeat of player ${int64FromBits(player)} is off the session's 30-second ticks`);
      let cell = firstTick * teams + team;
      for (;;) {
        sumX[cell]! += x[i]!;
        sumY[cell]! += y[i]!;
        sumZ[cell]! += z[i]!;
        beats[cell]!++;
        i++;
        if (i >= end || playerId[i] !== player || teamId[i] !== runTeam) break;
        const us = eventUs[i]!;
        const step = us - previousUs;
        if (step === TICK_US) {
          cell += teams;
        } else {
          if (!(step > 0)) throw new HeartbeatOrderError(`session ${sessionValue}: the heartbeats of player ${int64FromBits(player)} are not in time order`);
          const tick = (us - firstUs) / TICK_US;
          if ((tick | 0) !== tick) throw new HeartbeatOrderError(`session ${sessionValue}: a heartbeat of player ${int64FromBits(player)} is off the session's 30-second ticks`);
          cell = tick * teams + team;
        }
        previousUs = us;
      }
      this.pushRun(rows, runStart, i, sessionValue, teamIds[team]!);
    }

    if (this.present.length < teams) {
      this.present = new Int32Array(teams);
      this.byX = new Int32Array(teams);
      this.order = new Int32Array(teams);
      this.rank = new Int32Array(teams);
      this.centroidX = new Float64Array(teams);
      this.centroidY = new Float64Array(teams);
      this.centroidZ = new Float64Array(teams);
    }
    this.orderLength = 0;
    for (let tick = 0; tick < ticks; tick++) this.compareTeamsAtTick(sessionValue, firstUs + tick * TICK_US, tick * teams, teams, teamIds);
    return end;
  }

  private pushRun(rows: HeartbeatRows, start: number, end: number, session: number, team: number): void {
    const beats = this.sessionBeats;
    beats.player_id.push(int64FromBits(rows.playerId[start]!));
    beats.session_id.push(session);
    beats.team_id.push(team);
    beats.heartbeat_count.push(end - start);
    beats.first_heartbeat_us.push(rows.eventUs[start]!);
    beats.last_heartbeat_us.push(rows.eventUs[end - 1]!);
  }

  private compareTeamsAtTick(session: number, eventUs: number, firstCell: number, teams: number, teamIds: Float64Array): void {
    const { present, centroidX, centroidY, centroidZ } = this;
    let count = 0;
    for (let team = 0; team < teams; team++) {
      const cell = firstCell + team;
      const beats = this.beats[cell]!;
      if (beats === 0) continue;
      present[count] = team;
      // The mean as DuckDB's avg takes it: the double sum of the FLOAT positions, divided once. Most
      // teams have one beat at a tick (1.2 a team-tick on a dense day), and x / 1 is x exactly.
      if (beats === 1) {
        centroidX[count] = this.sumX[cell]!;
        centroidY[count] = this.sumY[cell]!;
        centroidZ[count] = this.sumZ[cell]!;
      } else {
        centroidX[count] = this.sumX[cell]! / beats;
        centroidY[count] = this.sumY[cell]! / beats;
        centroidZ[count] = this.sumZ[cell]! / beats;
      }
      count++;
    }
    if (count < 2) return;
    if (count <= ALL_PAIRS_UP_TO) {
      for (let a = 0; a < count; a++) for (let b = a + 1; b < count; b++) this.comparePair(session, eventUs, a, b, teamIds);
      return;
    }
    // Teams in x order, sorted from their order at the session's previous tick: teams move little
    // in 30 s, so the insertion sort mostly finds them in place.
    const { byX, order, rank } = this;
    rank.fill(-1, 0, teams);
    for (let i = 0; i < count; i++) rank[present[i]!] = i;
    let sorted = 0;
    for (let k = 0; k < this.orderLength; k++) {
      const index = rank[order[k]!]!;
      if (index < 0) continue;
      byX[sorted++] = index;
      rank[order[k]!] = -1;
    }
    for (let i = 0; i < count; i++) if (rank[present[i]!]! >= 0) byX[sorted++] = i;
    for (let i = 1; i < count; i++) {
      const moving = byX[i]!;
      const key = centroidX[moving]!;
      let j = i;
      while (j > 0 && centroidX[byX[j - 1]!]! > key) {
        byX[j] = byX[j - 1]!;
        j--;
      }
      byX[j] = moving;
    }
    for (let i = 0; i < count; i++) order[i] = present[byX[i]!]!;
    this.orderLength = count;
    for (let i = 0; i < count; i++) {
      const a = byX[i]!;
      for (let j = i + 1; j < count; j++) {
        const b = byX[j]!;
        if (centroidX[b]! - centroidX[a]! > this.pruneDistance) break;
        this.comparePair(session, eventUs, a, b, teamIds);
      }
    }
  }

  private comparePair(session: number, eventUs: number, a: number, b: number, teamIds: Float64Array): void {
    const dx = this.centroidX[a]! - this.centroidX[b]!;
    const dy = this.centroidY[a]! - this.centroidY[b]!;
    const dz = this.centroidZ[a]! - this.centroidZ[b]!;
    const distanceSquared = dx * dx + dy * dy + dz * dz;
    if (!(distanceSquared <= this.thresholdSquared)) return;
    const teamA = teamIds[this.present[a]!]!;
    const teamB = teamIds[this.present[b]!]!;
    const ticks = this.closeTicks;
    ticks.session_id.push(session);
    ticks.team_1_id.push(Math.min(teamA, teamB));
    ticks.team_2_id.push(Math.max(teamA, teamB));
    ticks.event_datetime.push(eventUs);
    ticks.distance_squared.push(distanceSquared);
  }

  private clearGrid(cells: number): void {
    if (this.beats.length < cells) {
      const size = Math.max(cells, this.beats.length * 2);
      this.sumX = new Float64Array(size);
      this.sumY = new Float64Array(size);
      this.sumZ = new Float64Array(size);
      this.beats = new Uint32Array(size);
      return;
    }
    this.sumX.fill(0, 0, cells);
    this.sumY.fill(0, 0, cells);
    this.sumZ.fill(0, 0, cells);
    this.beats.fill(0, 0, cells);
  }
}
