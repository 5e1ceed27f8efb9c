import type { Stream } from '../random.js';

/** A point a path writes into, reused so that evaluating a path allocates nothing. */
export interface Point {
  x: number;
  y: number;
}

/** A team's position at `t` seconds after the match started, inside [-halfSize, halfSize]². */
export type TeamPath = (t: number, out: Point) => void;

export type PathFactory = (rand: Stream, halfSize: number) => TeamPath;

/** A uniform draw in [lo, hi). */
export function between(rand: Stream, lo: number, hi: number): number {
  return lo + (hi - lo) * rand();
}
