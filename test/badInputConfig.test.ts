import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, temporaryFolder } from './helpers/lake.js';
import { runSimulate, stderrLines } from './helpers/process.js';

// A --config whose every value has the right type can still describe a world the engine turns
// into garbage rather than an error: sessions longer than the one day the engine looks ahead,
// positions rounded to a resolution of zero (non-finite coordinates), share groups that are all
// zero (NaN weights), numbers too large for a double. Each must cost one line naming the
// setting and what it accepts, exit code 2, and no --out folder.

let root: string;

beforeAll(() => {
  root = temporaryFolder('bad-config');
});

afterAll(() => removeFolder(root));

const zeroShares = (keys: string[], extra: Record<string, unknown> = {}) => Object.fromEntries(keys.map((key) => [key, { share: 0, ...extra }]));

/** [what, the file's JSON text, what the one line must say] */
const CASES: [string, string, RegExp][] = [
  ['sessions.maxSeconds over one day', JSON.stringify({ sessions: { maxSeconds: 86_401 } }), /\.sessions\.maxSeconds: must be at most 86400 \(one day\), got 86401$/],
  ['movement.positionResolution of 0', JSON.stringify({ movement: { positionResolution: 0 } }), /\.movement\.positionResolution: must be a number above 0, got 0$/],
  ['a movement.positionResolution too large for a double', '{ "movement": { "positionResolution": 1e999 } }', /\.movement\.positionResolution: must be a finite number$/],
  ['another number too large for a double', '{ "combat": { "killsPerMinute": 1e999 } }', /\.combat\.killsPerMinute: must be a finite number$/],
  ['a list holding a number too large for a double', '{ "activity": { "cyclePeriodDays": [7, 1e999] } }', /\.activity\.cyclePeriodDays: expected a list of 2 finite numbers >= 0$/],
  ['archetype shares that are all zero', JSON.stringify({ activity: { archetypes: zeroShares(['daily', 'weekday', 'weekend', 'casual', 'cyclical']) } }), /\.activity\.archetypes: at least one share must be above 0 \(daily\.share, /],
  ['spender shares that are all zero', JSON.stringify({ purchases: { spenders: zeroShares(['none', 'minnow', 'dolphin', 'whale']) } }), /\.purchases\.spenders: at least one share must be above 0 \(none\.share, /],
  ['game-mode shares that are all zero', JSON.stringify({ modes: zeroShares(['skirmish', 'battle_royale']) }), /\.modes: at least one share must be above 0 \(skirmish\.share, battle_royale\.share\)$/],
  ['a chance above 1', JSON.stringify({ purchases: { cancelChancePerCycle: 1.5 } }), /\.purchases\.cancelChancePerCycle: is a probability, so it must be from 0 to 1, got 1\.5$/],
];

describe.concurrent('simulate --config, given a setting the world cannot hold,', () => {
  CASES.forEach(([what, json, says], index) => {
    it(`refuses ${what} with one line, exit code 2, and writes nothing`, async () => {
      const file = path.join(root, `config-${index}.json`);
      writeFileSync(file, json);
      const out = path.join(root, `lake-${index}`);
      const result = await runSimulate(['--players', '100', '--days', '2', '--config', file, '--out', out]);
      expect(result.code, result.stderr).toBe(2);
      const lines = stderrLines(result);
      expect(lines, 'exactly one line on stderr').toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^error: --config ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(lines[0]).toMatch(says);
      expect(result.stdout).toBe('');
      expect(existsSync(out), `${out} was created`).toBe(false);
    });
  });
});
