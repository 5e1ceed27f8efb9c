import { describe, expect, it } from 'vitest';
import { roundHalfUp } from '../engine/roundHalfUp.js';

// Heartbeat positions are rounded with roundHalfUp instead of Math.round; any difference would
// silently change the lake's rows, so this holds it to Math.round on edges and random doubles.
describe('roundHalfUp', () => {
  it('equals Math.round on the edge cases, signed zeros included', () => {
    const edges = [0.49999999999999994, -0.49999999999999994, 0.5, -0.5, 0, -0, -0.3, 0.3, 1.5, -1.5, 2.5, -2.5, 1023.5, -1023.5, 2 ** 51 + 0.5, -(2 ** 51) - 0.5, 2 ** 52 + 1, -(2 ** 52) - 1, 2 ** 53, 1e300, -1e300, 5e-324, -5e-324, Infinity, -Infinity, NaN];
    for (const w of edges) expect(Object.is(roundHalfUp(w), Math.round(w)), String(w)).toBe(true);
  });

  it('equals Math.round on half-integers, their neighbours and random bit patterns', () => {
    const words = new Uint32Array(2);
    const value = new Float64Array(words.buffer);
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
    for (let i = 0; i < 200_000; i++) {
      words[0] = next();
      words[1] = next();
      const w = value[0]!;
      if (!Object.is(roundHalfUp(w), Math.round(w))) expect(roundHalfUp(w), String(w)).toBe(Math.round(w));
    }
    for (let n = -70_000; n <= 70_000; n++) {
      const half = n + 0.5;
      for (const w of [half, half - 2 ** -40, half + 2 ** -40, half * (1 - Number.EPSILON), half * (1 + Number.EPSILON), n / 16]) {
        if (!Object.is(roundHalfUp(w), Math.round(w))) expect(roundHalfUp(w), String(w)).toBe(Math.round(w));
      }
    }
  });
});
