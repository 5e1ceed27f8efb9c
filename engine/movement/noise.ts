import type { NoiseFunction2D } from 'simplex-noise';
import { between, type Point, type TeamPath } from './path.js';
import type { Stream } from '../random.js';

/**
 * Wandering: simplex noise sampled along time. One noise field serves a whole shard (building
 * one costs a permutation table); each team reads it at its own far-apart coordinates.
 */
export function noisePath(noise: NoiseFunction2D, rand: Stream, halfSize: number): TeamPath {
  const cx = between(rand, -0.3, 0.3) * halfSize;
  const cy = between(rand, -0.3, 0.3) * halfSize;
  const amplitude = between(rand, 0.3, 0.7) * halfSize;
  const scale = 1 / between(rand, 400, 1200);
  const ox = between(rand, 0, 1000);
  const oy = between(rand, 0, 1000);
  return (t: number, out: Point) => {
    out.x = cx + amplitude * noise(t * scale + ox, oy);
    out.y = cy + amplitude * noise(oy + 311.7, t * scale + ox);
  };
}
