import type { NoiseFunction2D } from 'simplex-noise';
import { GAME_MODES, MAX_TEAMS, type GameModeConfig } from './config.js';
import { COUNTRIES, REGIONS } from './countries.js';
import { SECONDS_PER_DAY } from './calendar.js';
import { Purpose, matchStream, pickCumulative, shardStream, uniform } from './random.js';
import { archetypeChances, seasonLift, signsOn } from './activity.js';
import { desiredStartSecond, sessionLengthSeconds, signonSecond } from './sessionTiming.js';
import { formMatches, type QueuedPlayers } from './matchmaking.js';
import { assignKills } from './combat.js';
import { teamPath, terrainHeight, type Point, type TeamPath } from './movement/index.js';
import { billsOn, computeSubscriptions, itemPurchases, purchaseSecond, type Subscriptions } from './purchases.js';
import { roundHalfUp } from './roundHalfUp.js';
import { computeTraits, ensurePlayTraits, type PlayerTraits } from './players.js';
import { playersAlive, type BlockLifetimes } from './population.js';
import type { World } from './world.js';

/**
 * One unit of work: everything that happens on one day to one block of players. The world calls
 * the sink once per row, in a fixed order; the sink decides how rows become record batches.
 * Times are epoch seconds; ids are plain numbers below 2^53.
 */
export interface EventSink {
  signon(playerId: number, epochSecond: number, country: number, platform: number): void;
  session(
    playerId: number,
    sessionId: number,
    teamId: number,
    endEpochSecond: number,
    country: number,
    lengthSeconds: number,
    kills: number,
    deaths: number,
    mode: number,
    region: number,
    platform: number,
  ): void;
  /**
   * One player's run of heartbeats in one session: `count` beats, 30 s apart from
   * `firstEpochSecond`, at positions x[0..count), y[..], z[..] (the arrays are reused afterwards).
   */
  heartbeats(playerId: number, teamId: number, sessionId: number, firstEpochSecond: number, count: number, x: Float32Array, y: Float32Array, z: Float32Array): void;
  /** `isRenewal`: a battle-pass billing after the subscription's first purchase. */
  transaction(transactionId: number, playerId: number, epochSecond: number, productIndex: number, country: number, isRenewal: boolean): void;
}

/** The players of one block that a unit simulates, with what they subscribe to. */
export interface BlockState {
  block: number;
  traits: PlayerTraits;
  subscriptions: Subscriptions;
}

/** The players of `block` who can play on some day of [firstDay, lastDay]. */
export function createBlockState(world: World, lifetimes: BlockLifetimes, firstDay: number, lastDay: number): BlockState {
  const traits = computeTraits(world, playersAlive(world, lifetimes, firstDay, lastDay));
  return { block: lifetimes.block, traits, subscriptions: computeSubscriptions(world, traits) };
}

/** Rows whose event time falls in [from, until) (epoch seconds, whole UTC days) are written. */
export interface TimeWindow {
  from: number;
  until: number;
}

/** Ids are built from the day and block, so they are unique across the lake and independent of threads. */
export const MAX_BLOCKS = 1024;
const ID_SPACE = 2 ** 22;
export const HEARTBEAT_SECONDS = 30;
const REGION_OF_COUNTRY = Uint8Array.from(COUNTRIES.map((c) => REGIONS.indexOf(c.region)));

function unitId(day: number, block: number): number {
  return day * MAX_BLOCKS + block;
}

/**
 * Everything that happens on one day to one block of players, of which only the rows inside
 * `window` reach the sink. A date's unit calls it twice: for the day before, to finish the matches
 * that ran past midnight (their session ends and later heartbeats belong to this date), and for
 * the day itself, cut at the next midnight. Every draw is keyed by (seed, player, day) or by the
 * match, so the day before is replayed exactly without the unit that owns it: matchmaking needs
 * the whole day's queue (cheap), fights and paths only the matches that reach the window.
 *
 * A generator so the caller can let the Parquet encoder catch up: it yields after every match and
 * every few thousand players, and holds no rows of its own between yields.
 */
export function* simulateDay(world: World, state: BlockState, day: number, sink: EventSink, window: TimeWindow): Generator<void, void, void> {
  const { traits, subscriptions } = state;
  const { config } = world.params;
  const { seed } = world;
  const dayStart = (world.params.startEpochDay + day) * SECONDS_PER_DAY;
  // Sign-ons and purchases happen on the day itself: written only by the unit that owns the date.
  const ownsDay = dayStart >= window.from && dayStart < window.until;
  const idBase = unitId(day, state.block) * ID_SPACE;
  const chances = archetypeChances(config);
  const lift = seasonLift(config, day);

  const queue: QueuedPlayers = {
    count: 0,
    slot: new Int32Array(traits.count),
    mode: new Uint8Array(traits.count),
    region: new Uint8Array(traits.count),
    desiredStart: new Int32Array(traits.count),
  };
  let transactions = 0;
  const emitTransaction = (i: number, second: number, productIndex: number, isRenewal: boolean) => {
    transactions++;
    if (transactions >= ID_SPACE) throw new RangeError('too many transactions in one block-day; lower --block-size');
    sink.transaction(idBase + transactions, traits.index[i]! + 1, dayStart + second, productIndex, traits.country[i]!, isRenewal);
  };

  for (let i = 0; i < traits.count; i++) {
    if ((i & 4095) === 4095) yield;
    if (!signsOn(world, traits, chances, lift, i, day)) continue;
    ensurePlayTraits(world, traits, i);
    const index = traits.index[i]!;
    const playAt = desiredStartSecond(seed, config.sessions, index, day, traits.country[i]!);
    if (ownsDay) {
      const signon = signonSecond(seed, config.sessions, index, day, playAt);
      sink.signon(index + 1, dayStart + signon, traits.country[i]!, traits.platform[i]!);
      itemPurchases(world, traits, i, day, (productIndex, nth) => emitTransaction(i, purchaseSecond(seed, index, day, signon, nth), productIndex, false));
    }
    if (uniform(seed, index, Purpose.playsMatch, day) >= config.activity.playChance) continue;
    const q = queue.count++;
    queue.slot[q] = i;
    queue.mode[q] = pickCumulative(world.modeCumulative, uniform(seed, index, Purpose.gameMode, day));
    queue.region[q] = REGION_OF_COUNTRY[traits.country[i]!]!;
    queue.desiredStart[q] = playAt;
  }
  if (ownsDay) {
    for (let s = 0; s < subscriptions.slots.length; s++) {
      if (billsOn(subscriptions, traits, s, day)) emitTransaction(subscriptions.slots[s]!, subscriptions.second[s]!, subscriptions.productIndex[s]!, day > subscriptions.startDay[s]!);
    }
  }

  const matchRand = shardStream(world.params.seed, `d${day}-b${state.block}`, 'matchmaking');
  const matches = formMatches(queue, config.modes, matchRand);
  if (matches.count >= ID_SPACE) throw new RangeError('too many matches in one block-day; lower --block-size');

  const maxSize = maxMatchSize(config.modes);
  const lengths = new Int32Array(maxSize);
  const kills = new Int32Array(maxSize);
  const deaths = new Int32Array(maxSize);
  const skills = new Float32Array(maxSize);
  const teams = new Uint8Array(maxSize);
  const tracks = new TeamTracks(config.sessions.maxSeconds);
  const run = new PlayerRun(config.sessions.maxSeconds);

  for (let m = 0; m < matches.count; m++) {
    const mode = matches.mode[m]!;
    const modeConfig = config.modes[GAME_MODES[mode]!];
    const from = matches.offset[m]!;
    const size = matches.offset[m + 1]! - from;
    const sessionId = idBase + m + 1;
    const start = dayStart + matches.start[m]!;
    // A match that starts more than the longest session before the window opens cannot reach it
    // (the day before, replayed for its matches that run past midnight, is mostly such matches).
    if (start + config.sessions.maxSeconds < window.from) continue;
    let lastEnd = start;
    for (let j = 0; j < size; j++) {
      const i = queue.slot[matches.members[from + j]!]!;
      lengths[j] = sessionLengthSeconds(seed, config.sessions, modeConfig, traits.index[i]!, day, traits.lengthFactor[i]!);
      skills[j] = traits.skill[i]!;
      teams[j] = matches.team[from + j]!;
      lastEnd = Math.max(lastEnd, start + lengths[j]!);
    }
    // Heartbeats run to the last tick before the session's end, so nothing of the match reaches a
    // window that opens after its last session ends.
    if (lastEnd < window.from) continue;
    assignKills(size, teams, skills, lengths, config.combat.killsPerMinute, matchStream(seed, sessionId, Purpose.combat), kills, deaths);
    for (let j = 0; j < size; j++) {
      const end = start + lengths[j]!;
      if (end < window.from || end >= window.until) continue;
      const i = queue.slot[matches.members[from + j]!]!;
      sink.session(
        traits.index[i]! + 1,
        sessionId,
        sessionId * MAX_TEAMS + teams[j]!,
        end,
        traits.country[i]!,
        lengths[j]!,
        kills[j]!,
        deaths[j]!,
        mode,
        REGION_OF_COUNTRY[traits.country[i]!]!,
        traits.platform[i]!,
      );
    }
    yield;
    if (uniform(seed, sessionId, Purpose.heartbeatsLogged) >= world.params.heartbeatShare) continue;
    // The ticks of this match inside the window: [firstTick, untilTick) counted from its start.
    const firstTick = Math.max(0, Math.ceil((window.from - start) / HEARTBEAT_SECONDS));
    const untilTick = Math.ceil((window.until - start) / HEARTBEAT_SECONDS);
    const moveRand = matchStream(seed, sessionId, Purpose.movement);
    tracks.trace(teams, lengths, size, modeConfig, moveRand, world.noise, firstTick, untilTick);
    for (let j = 0; j < size; j++) {
      const i = queue.slot[matches.members[from + j]!]!;
      const angle = 2 * Math.PI * moveRand();
      const beats = Math.min(Math.ceil(lengths[j]! / HEARTBEAT_SECONDS), untilTick);
      if (beats <= firstTick) continue;
      run.follow(tracks, teams[j]!, firstTick, beats, angle, modeConfig.mapHalfSize, config.movement);
      sink.heartbeats(traits.index[i]! + 1, sessionId * MAX_TEAMS + teams[j]!, sessionId, start + firstTick * HEARTBEAT_SECONDS, beats - firstTick, run.x, run.y, run.z);
    }
  }
}

/**
 * Every team's path at every tick of one match, evaluated once per team and tick rather than
 * once per player: teammates share it, and the path models (trigonometry, noise) are the costly
 * part of a heartbeat.
 */
const PATH_STRIDE = 4;

class TeamTracks {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  readonly maxTicks: number;
  private readonly point: Point = { x: 0, y: 0 };
  private readonly ticksOfTeam = new Int32Array(MAX_TEAMS);

  constructor(maxSeconds: number) {
    this.maxTicks = Math.ceil(maxSeconds / HEARTBEAT_SECONDS);
    this.x = new Float64Array(MAX_TEAMS * this.maxTicks);
    this.y = new Float64Array(MAX_TEAMS * this.maxTicks);
    this.z = new Float64Array(MAX_TEAMS * this.maxTicks);
  }

  private place(path: TeamPath, at: number, tick: number, maxHeight: number): void {
    path(tick * HEARTBEAT_SECONDS, this.point);
    this.x[at] = this.point.x;
    this.y[at] = this.point.y;
    this.z[at] = terrainHeight(this.point.x, this.point.y, maxHeight);
  }

  /**
   * Positions of every team for ticks [firstTick, untilTick) of the match. Each team's path is
   * built (its draws taken) whatever the window, so a window never shifts another's draws.
   */
  trace(teams: Uint8Array, lengths: Int32Array, size: number, mode: GameModeConfig, rand: () => number, noise: NoiseFunction2D, firstTick: number, untilTick: number): void {
    const teamCount = teams[size - 1]! + 1;
    this.ticksOfTeam.fill(0, 0, teamCount);
    for (let j = 0; j < size; j++) {
      this.ticksOfTeam[teams[j]!] = Math.max(this.ticksOfTeam[teams[j]!]!, Math.ceil(lengths[j]! / HEARTBEAT_SECONDS));
    }
    for (let team = 0; team < teamCount; team++) {
      const path: TeamPath = teamPath(rand, noise, mode.mapHalfSize);
      const base = team * this.maxTicks;
      const ticks = this.ticksOfTeam[team]!;
      const last = Math.min(untilTick, ticks) - 1;
      if (last < firstTick) continue;
      // The path model is evaluated every PATH_STRIDE ticks from the match's start and at its last
      // tick; ticks between are interpolated. A squad's route over two minutes is close to
      // straight, and the models' trigonometry and noise are most of the cost of a heartbeat.
      let k = Math.floor(firstTick / PATH_STRIDE) * PATH_STRIDE;
      this.place(path, base + k, k, mode.maxHeight);
      while (k < last) {
        const end = Math.min(k + PATH_STRIDE, ticks - 1);
        this.place(path, base + end, end, mode.maxHeight);
        for (let j = k + 1; j < end; j++) {
          const f = (j - k) / (end - k);
          this.x[base + j] = this.x[base + k]! + f * (this.x[base + end]! - this.x[base + k]!);
          this.y[base + j] = this.y[base + k]! + f * (this.y[base + end]! - this.y[base + k]!);
          this.z[base + j] = this.z[base + k]! + f * (this.z[base + end]! - this.z[base + k]!);
        }
        k = end;
      }
    }
  }
}

/** A turn of 30/120 rad per tick: teammates circle their team's path once every ~12.5 minutes. */
const TURN = HEARTBEAT_SECONDS / 120;
const COS_TURN = Math.cos(TURN);
const SIN_TURN = Math.sin(TURN);

/**
 * One player's positions for a session: the team's path plus a slowly circling offset (teammates
 * move together, not on top of each other), kept inside the map and quantised as a game server
 * sends them. The circle advances by rotation, so no trigonometry runs per heartbeat.
 */
class PlayerRun {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly z: Float32Array;
  constructor(maxSeconds: number) {
    const ticks = Math.ceil(maxSeconds / HEARTBEAT_SECONDS);
    this.x = new Float32Array(ticks);
    this.y = new Float32Array(ticks);
    this.z = new Float32Array(ticks);
  }

  /** Positions for ticks [from, to) of the player's session, stored from x[0]. */
  follow(tracks: TeamTracks, team: number, from: number, to: number, angle: number, half: number, movement: World['params']['config']['movement']): void {
    const base = team * tracks.maxTicks;
    const resolution = movement.positionResolution;
    const spread = movement.teammateSpread;
    let c = Math.cos(angle + from * TURN);
    let s = Math.sin(angle + from * TURN);
    for (let k = from; k < to; k++) {
      const x = clamp(tracks.x[base + k]! + spread * c, half);
      const y = clamp(tracks.y[base + k]! + spread * s, half);
      this.x[k - from] = roundHalfUp(x * resolution) / resolution;
      this.y[k - from] = roundHalfUp(y * resolution) / resolution;
      this.z[k - from] = roundHalfUp(tracks.z[base + k]! * resolution) / resolution;
      const next = c * COS_TURN - s * SIN_TURN;
      s = s * COS_TURN + c * SIN_TURN;
      c = next;
    }
  }
}

function clamp(value: number, half: number): number {
  return value < -half ? -half : value > half ? half : value;
}

function maxMatchSize(modes: World['params']['config']['modes']): number {
  return Math.max(...GAME_MODES.map((m) => modes[m].maxTeams * modes[m].maxTeamSize));
}
