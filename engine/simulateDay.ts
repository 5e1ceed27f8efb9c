import { createNoise2D } from 'simplex-noise';
import { GAME_MODES, MAX_TEAMS, type GameModeConfig } from './config.js';
import { COUNTRIES, REGIONS } from './countries.js';
import { SECONDS_PER_DAY } from './calendar.js';
import { Purpose, pickCumulative, shardStream, uniform } from './random.js';
import { archetypeChances, seasonLift, signsOn } from './activity.js';
import { desiredStartSecond, sessionLengthSeconds, signonSecond } from './sessionTiming.js';
import { formMatches, type QueuedPlayers } from './matchmaking.js';
import { assignKills } from './combat.js';
import { teamPath, terrainHeight, type Point, type TeamPath } from './movement/index.js';
import { billsOn, computeSubscriptions, itemPurchases, purchaseSecond, type Subscriptions } from './purchases.js';
import { roundHalfUp } from './roundHalfUp.js';
import { computeBlockTraits, type PlayerTraits } from './players.js';
import { signedUpInBlock, type World } from './world.js';

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

/** What a worker keeps per block across the days it simulates. */
export interface BlockState {
  block: number;
  traits: PlayerTraits;
  subscriptions: Subscriptions;
}

export function createBlockState(world: World, block: number): BlockState {
  const traits = computeBlockTraits(world, block);
  return { block, traits, subscriptions: computeSubscriptions(world, traits) };
}

/** Ids are built from the unit, so they are unique across the lake and independent of threads. */
export const MAX_BLOCKS = 1024;
const ID_SPACE = 2 ** 22;
export const HEARTBEAT_SECONDS = 30;
const REGION_OF_COUNTRY = Uint8Array.from(COUNTRIES.map((c) => REGIONS.indexOf(c.region)));

function unitId(day: number, block: number): number {
  return day * MAX_BLOCKS + block;
}

/**
 * A generator so the caller can let the Parquet encoder catch up: it yields after every match and
 * every few thousand players, and holds no rows of its own between yields.
 */
export function* simulateDay(world: World, state: BlockState, day: number, sink: EventSink): Generator<void, void, void> {
  const { traits, subscriptions } = state;
  const { config } = world.params;
  const { seed } = world;
  const dayStart = (world.params.startEpochDay + day) * SECONDS_PER_DAY;
  const idBase = unitId(day, state.block) * ID_SPACE;
  const chances = archetypeChances(config);
  const lift = seasonLift(config, day);
  const signedUp = signedUpInBlock(world, state.block, day);

  const queue: QueuedPlayers = {
    count: 0,
    slot: new Int32Array(signedUp),
    mode: new Uint8Array(signedUp),
    region: new Uint8Array(signedUp),
    desiredStart: new Int32Array(signedUp),
  };
  let transactions = 0;
  const emitTransaction = (i: number, second: number, productIndex: number, isRenewal: boolean) => {
    transactions++;
    if (transactions >= ID_SPACE) throw new RangeError('too many transactions in one shard; lower --block-size');
    sink.transaction(idBase + transactions, traits.firstIndex + i + 1, dayStart + second, productIndex, traits.country[i]!, isRenewal);
  };

  for (let i = 0; i < signedUp; i++) {
    if ((i & 4095) === 4095) yield;
    if (!signsOn(world, traits, chances, lift, i, day)) continue;
    const index = traits.firstIndex + i;
    const playAt = desiredStartSecond(seed, config.sessions, index, day, traits.country[i]!);
    const signon = signonSecond(seed, config.sessions, index, day, playAt);
    sink.signon(index + 1, dayStart + signon, traits.country[i]!, traits.platform[i]!);
    itemPurchases(world, traits, i, day, (productIndex, nth) => emitTransaction(i, purchaseSecond(seed, index, day, signon, nth), productIndex, false));
    if (uniform(seed, index, Purpose.playsMatch, day) >= config.activity.playChance) continue;
    const q = queue.count++;
    queue.slot[q] = i;
    queue.mode[q] = pickCumulative(world.modeCumulative, uniform(seed, index, Purpose.gameMode, day));
    queue.region[q] = REGION_OF_COUNTRY[traits.country[i]!]!;
    queue.desiredStart[q] = playAt;
  }
  for (let s = 0; s < subscriptions.slots.length; s++) {
    if (billsOn(subscriptions, traits, s, day)) emitTransaction(subscriptions.slots[s]!, subscriptions.second[s]!, subscriptions.productIndex[s]!, day > subscriptions.startDay[s]!);
  }

  const unitName = `d${day}-b${state.block}`;
  const matchRand = shardStream(world.params.seed, unitName, 'matchmaking');
  const matches = formMatches(queue, config.modes, matchRand);
  if (matches.count >= ID_SPACE) throw new RangeError('too many matches in one shard; lower --block-size');

  const fightRand = shardStream(world.params.seed, unitName, 'combat');
  const moveRand = shardStream(world.params.seed, unitName, 'movement');
  const noise = createNoise2D(moveRand);
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
    for (let j = 0; j < size; j++) {
      const i = queue.slot[matches.members[from + j]!]!;
      lengths[j] = sessionLengthSeconds(seed, config.sessions, modeConfig, traits.firstIndex + i, day, traits.lengthFactor[i]!);
      skills[j] = traits.skill[i]!;
      teams[j] = matches.team[from + j]!;
    }
    assignKills(size, teams, skills, lengths, config.combat.killsPerMinute, fightRand, kills, deaths);
    for (let j = 0; j < size; j++) {
      const i = queue.slot[matches.members[from + j]!]!;
      sink.session(
        traits.firstIndex + i + 1,
        sessionId,
        sessionId * MAX_TEAMS + teams[j]!,
        start + lengths[j]!,
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
    tracks.trace(teams, lengths, size, modeConfig, moveRand, noise);
    for (let j = 0; j < size; j++) {
      const i = queue.slot[matches.members[from + j]!]!;
      const beats = Math.ceil(lengths[j]! / HEARTBEAT_SECONDS);
      run.follow(tracks, teams[j]!, beats, 2 * Math.PI * moveRand(), modeConfig.mapHalfSize, config.movement);
      sink.heartbeats(traits.firstIndex + i + 1, sessionId * MAX_TEAMS + teams[j]!, sessionId, start, beats, run.x, run.y, run.z);
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

  trace(teams: Uint8Array, lengths: Int32Array, size: number, mode: GameModeConfig, rand: () => number, noise: ReturnType<typeof createNoise2D>): void {
    const teamCount = teams[size - 1]! + 1;
    this.ticksOfTeam.fill(0, 0, teamCount);
    for (let j = 0; j < size; j++) {
      this.ticksOfTeam[teams[j]!] = Math.max(this.ticksOfTeam[teams[j]!]!, Math.ceil(lengths[j]! / HEARTBEAT_SECONDS));
    }
    for (let team = 0; team < teamCount; team++) {
      const path: TeamPath = teamPath(rand, noise, mode.mapHalfSize);
      const base = team * this.maxTicks;
      const ticks = this.ticksOfTeam[team]!;
      // The path model is evaluated every PATH_STRIDE ticks and at the last; ticks between are
      // interpolated. A squad's route over two minutes is close to straight, and the models'
      // trigonometry and noise are most of the cost of a heartbeat.
      if (ticks > 0) this.place(path, base, 0, mode.maxHeight);
      for (let k = 0; k < ticks - 1; k += PATH_STRIDE) {
        const end = Math.min(k + PATH_STRIDE, ticks - 1);
        this.place(path, base + end, end, mode.maxHeight);
        for (let j = k + 1; j < end; j++) {
          const f = (j - k) / (end - k);
          this.x[base + j] = this.x[base + k]! + f * (this.x[base + end]! - this.x[base + k]!);
          this.y[base + j] = this.y[base + k]! + f * (this.y[base + end]! - this.y[base + k]!);
          this.z[base + j] = this.z[base + k]! + f * (this.z[base + end]! - this.z[base + k]!);
        }
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

  follow(tracks: TeamTracks, team: number, beats: number, angle: number, half: number, movement: World['params']['config']['movement']): void {
    const base = team * tracks.maxTicks;
    const resolution = movement.positionResolution;
    const spread = movement.teammateSpread;
    let c = Math.cos(angle);
    let s = Math.sin(angle);
    for (let k = 0; k < beats; k++) {
      const x = clamp(tracks.x[base + k]! + spread * c, half);
      const y = clamp(tracks.y[base + k]! + spread * s, half);
      this.x[k] = roundHalfUp(x * resolution) / resolution;
      this.y[k] = roundHalfUp(y * resolution) / resolution;
      this.z[k] = roundHalfUp(tracks.z[base + k]! * resolution) / resolution;
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
