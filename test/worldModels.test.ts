import { describe, expect, it } from 'vitest';
import { signupCurve } from '../engine/acquisition.js';
import { assignKills } from '../engine/combat.js';
import { DEFAULT_CONFIG, GAME_MODES } from '../engine/config.js';
import { loadConfigFile } from '../workers/configFile.js';
import { mergeConfig } from '../engine/mergeConfig.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../common/errors.js';
import { formMatches, type QueuedPlayers } from '../engine/matchmaking.js';
import { computeBlockTraits } from '../engine/players.js';
import { shardStream } from '../engine/random.js';
import { createWorld } from '../engine/world.js';

// The world's models as pure functions: each rule the lake relies on, checked on its own.

describe('the sign-up curve', () => {
  const curve = signupCurve(100_000, 730, 20089, DEFAULT_CONFIG.acquisition);

  it('hands out exactly --players ids, in order', () => {
    expect(curve[0]).toBe(0);
    expect(curve[730]).toBe(100_000);
    for (let d = 1; d <= 730; d++) expect(curve[d]!).toBeGreaterThanOrEqual(curve[d - 1]!);
  });

  it('has a launch spike that decays, and a bump when a season starts', () => {
    const signups = (from: number, days: number) => curve[from + days]! - curve[from]!;
    expect(signups(0, 7)).toBeGreaterThan(3 * signups(70, 7));
    expect(signups(91, 7)).toBeGreaterThan(1.3 * signups(84, 7));
  });
});

describe('churn', () => {
  it('follows the retention curve P(still playing after t days) = (1 + t)^-decay', () => {
    const world = createWorld({ seed: 's', players: 50_000, days: 730, startEpochDay: 20089, blockSize: 50_000, heartbeatShare: 1, config: DEFAULT_CONFIG });
    const traits = computeBlockTraits(world, 0);
    for (const t of [1, 7, 30]) {
      let alive = 0;
      for (let i = 0; i < traits.count; i++) if (traits.churnDay[i]! - traits.signupDay[i]! > t) alive++;
      expect(alive / traits.count).toBeCloseTo(Math.pow(1 + t, -DEFAULT_CONFIG.retention.decay), 2);
    }
  });
});

describe('matchmaking', () => {
  const n = 5000;
  const queue: QueuedPlayers = { count: n, slot: new Int32Array(n), mode: new Uint8Array(n), region: new Uint8Array(n), desiredStart: new Int32Array(n) };
  const rand = shardStream('s', 'test', 'queue');
  for (let q = 0; q < n; q++) {
    queue.slot[q] = q;
    queue.mode[q] = rand() < 0.6 ? 0 : 1;
    queue.region[q] = Math.floor(rand() * 3);
    // An evening rush: dense enough for battle royales to fill all 50 teams.
    queue.desiredStart[q] = 72_000 + Math.floor(rand() * 1800);
  }
  const matches = formMatches(queue, DEFAULT_CONFIG.modes, shardStream('s', 'test', 'matchmaking'));

  it('puts every queued player in exactly one match', () => {
    const seen = new Set(matches.members.subarray(0, n));
    expect(seen.size).toBe(n);
    expect(matches.offset[matches.count]).toBe(n);
  });

  it('matches players of one mode and region, started once the last of them has queued, within the queue window', () => {
    for (let m = 0; m < matches.count; m++) {
      const members = Array.from(matches.members.subarray(matches.offset[m]!, matches.offset[m + 1]!));
      const mode = DEFAULT_CONFIG.modes[GAME_MODES[matches.mode[m]!]!];
      expect(new Set(members.map((q) => queue.mode[q]))).toEqual(new Set([matches.mode[m]]));
      expect(new Set(members.map((q) => queue.region[q])).size).toBe(1);
      const starts = members.map((q) => queue.desiredStart[q]!);
      expect(matches.start[m]).toBe(Math.max(...starts));
      expect(Math.max(...starts) - Math.min(...starts)).toBeLessThanOrEqual(mode.queueWindowSeconds);
    }
  });

  it('keeps skirmishes to 1–5 teams of 1–2 players and battle royales to 50 teams', () => {
    for (let m = 0; m < matches.count; m++) {
      const teams = Array.from(matches.team.subarray(matches.offset[m]!, matches.offset[m + 1]!));
      const mode = DEFAULT_CONFIG.modes[GAME_MODES[matches.mode[m]!]!];
      const sizes = new Map<number, number>();
      for (const team of teams) sizes.set(team, (sizes.get(team) ?? 0) + 1);
      expect(sizes.size).toBeLessThanOrEqual(mode.maxTeams);
      for (const size of sizes.values()) expect(size).toBeLessThanOrEqual(mode.maxTeamSize);
    }
    const teamCounts = Array.from({ length: matches.count }, (_, m) => matches.team[matches.offset[m + 1]! - 1]! + 1);
    expect(Math.max(...teamCounts)).toBe(50);
  });
});

describe('combat', () => {
  it('is zero-sum, favours skill, and has no kills without an opponent', () => {
    const size = 40;
    const team = Array.from({ length: size }, (_, j) => Math.floor(j / 2));
    const skill = Array.from({ length: size }, (_, j) => (j < 20 ? 0.9 : 0.1));
    const lengths = Array.from({ length: size }, () => 1800);
    const kills = new Int32Array(size);
    const deaths = new Int32Array(size);
    assignKills(size, team, skill, lengths, 0.5, shardStream('s', 'test', 'combat'), kills, deaths);
    const sum = (a: Int32Array, from = 0, to = size) => a.subarray(from, to).reduce((s, v) => s + v, 0);
    expect(sum(kills)).toBeGreaterThan(0);
    expect(sum(kills)).toBe(sum(deaths));
    expect(sum(kills, 0, 20)).toBeGreaterThan(3 * sum(kills, 20));
    assignKills(2, [0, 0], [0.5, 0.5], [600, 600], 0.5, shardStream('s', 'test', 'solo'), kills, deaths);
    expect([kills[0], kills[1], deaths[0], deaths[1]]).toEqual([0, 0, 0, 0]);
  });
});

describe('--config', () => {
  it('overrides single settings and keeps the rest', () => {
    const merged = mergeConfig(DEFAULT_CONFIG, { retention: { decay: 0.7 } }, 'f.json') as typeof DEFAULT_CONFIG;
    expect(merged.retention.decay).toBe(0.7);
    expect(merged.sessions).toEqual(DEFAULT_CONFIG.sessions);
  });

  it('rejects unknown settings and wrong types, naming the setting', () => {
    expect(() => mergeConfig(DEFAULT_CONFIG, { retention: { decai: 0.7 } }, 'f.json')).toThrow(new UsageError('--config f.json.retention.decai: unknown setting; known ones: decay'));
    expect(() => mergeConfig(DEFAULT_CONFIG, { sessions: { weibullShape: 'x' } }, 'f.json')).toThrow(/f\.json\.sessions\.weibullShape: expected a number/);
    expect(() => mergeConfig(DEFAULT_CONFIG, { combat: { killsPerMinute: -1 } }, 'f.json')).toThrow(/must not be negative/);
  });
});

describe('--config bounds', () => {
  it('refuses more teams per match than team ids can hold, and contradictory ranges', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'sprint-config-'));
    const write = (json: unknown) => {
      const file = path.join(folder, 'config.json');
      writeFileSync(file, JSON.stringify(json));
      return file;
    };
    expect(() => loadConfigFile(write({ modes: { battle_royale: { maxTeams: 100 } } }))).toThrow(/maxTeams <= 64/);
    expect(() => loadConfigFile(write({ modes: { skirmish: { minTeamSize: 3 } } }))).toThrow(/minTeamSize <= maxTeamSize/);
    expect(() => loadConfigFile(write({ sessions: { minSeconds: 20_000 } }))).toThrow(/minSeconds must not exceed maxSeconds/);
    expect(loadConfigFile(write({ modes: { battle_royale: { maxTeams: 64 } } })).modes.battle_royale.maxTeams).toBe(64);
    rmSync(folder, { recursive: true, force: true });
  });
});
