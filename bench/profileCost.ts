import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseIsoDate } from '../engine/calendar.js';
import { DEFAULT_CONFIG } from '../engine/config.js';
import { computeBlockTraits } from '../engine/players.js';
import { behaviourCode, churnDecays, createPlayerProfile, drawPlayerProfile, payerFactor, pickSpender } from '../engine/profiles/index.js';
import { createWorld } from '../engine/world.js';
import { writePlayersFile } from '../workers/dimensionFiles.js';

/**
 * What player profiles cost, per player of one full-scale block (1,048,576 players): the players
 * file with its profile columns and the block's traits (which now draw channel and age band), and
 * each profile step alone. CPU of this thread (all of it is on one thread), best of a few rounds.
 *
 *   npx tsx bench/profileCost.ts [rounds]
 *
 * The first two lines run the same on a checkout before profiles, which gives the difference.
 */
const PLAYERS = 1 << 20;
const rounds = Number(process.argv[2] ?? 3);
const world = createWorld({
  seed: 'bench',
  players: PLAYERS,
  days: 730,
  startEpochDay: parseIsoDate('2025-01-01')!,
  blockSize: PLAYERS,
  heartbeatShare: 1,
  config: DEFAULT_CONFIG,
});

async function cpuNsPerPlayer(body: () => unknown): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    const before = process.cpuUsage();
    await body();
    const used = process.cpuUsage(before);
    best = Math.min(best, ((used.user + used.system) * 1000) / PLAYERS);
  }
  return best;
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'sprint-profile-cost-'));
try {
  const traits = computeBlockTraits(world, 0);
  const lines: [string, number][] = [];
  lines.push(['computeBlockTraits', await cpuNsPerPlayer(() => computeBlockTraits(world, 0))]);
  lines.push(['writePlayersFile', await cpuNsPerPlayer(() => writePlayersFile(world, traits, folder, `b0000`))]);
  let sink = 0;
  const decays = churnDecays(DEFAULT_CONFIG.retention.decay);
  lines.push([
    '  of traits: channel and age band (behaviourCode, decay, pickSpender)',
    await cpuNsPerPlayer(() => {
      for (let index = 0; index < PLAYERS; index++) {
        const code = behaviourCode(world.seed, index);
        sink += decays[code]! + pickSpender(world.spenderCumulative, payerFactor(code), (index + 0.5) / PLAYERS);
      }
    }),
  ]);
  const profile = createPlayerProfile();
  lines.push([
    '  of the players file: drawPlayerProfile',
    await cpuNsPerPlayer(() => {
      for (let index = 0; index < PLAYERS; index++) {
        drawPlayerProfile(world.seed, index, traits.country[index]!, traits.platform[index]!, profile);
        sink += profile.gamertagLength;
      }
    }),
  ]);
  for (const [label, ns] of lines) console.log(`${label.padEnd(72)} ${ns.toFixed(1).padStart(7)} ns/player`);
  if (sink === 0) console.log('(nothing drawn)');
} finally {
  rmSync(folder, { recursive: true, force: true });
}
