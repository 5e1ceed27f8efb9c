import type { NoiseFunction2D } from 'simplex-noise';
import type { Stream } from '../random.js';
import { bezierPath } from './bezier.js';
import { lissajousPath } from './lissajous.js';
import { lorentzianPath } from './lorentzian.js';
import { noisePath } from './noise.js';
import type { TeamPath } from './path.js';

export type { Point, TeamPath } from './path.js';

const MOVEMENT_MODELS = ['lorentzian', 'bezier', 'lissajous', 'noise'] as const;

/** A team's path under one of the four movement models, chosen by the shard's stream. */
export function teamPath(rand: Stream, noise: NoiseFunction2D, halfSize: number): TeamPath {
  const model = Math.floor(rand() * MOVEMENT_MODELS.length);
  switch (MOVEMENT_MODELS[model]) {
    case 'lorentzian':
      return lorentzianPath(rand, halfSize);
    case 'bezier':
      return bezierPath(rand, halfSize);
    case 'lissajous':
      return lissajousPath(rand, halfSize);
    default:
      return noisePath(noise, rand, halfSize);
  }
}

/** Terrain height under a point: rolling hills, so z follows the ground as players move. */
export function terrainHeight(x: number, y: number, maxHeight: number): number {
  return maxHeight * (0.5 + 0.25 * Math.sin(x / 173) + 0.25 * Math.cos(y / 131));
}
