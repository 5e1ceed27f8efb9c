import { between, type PathFactory } from './path.js';

/** A deliberate route: a cubic Bézier between two points of the map, walked there and back. */
export const bezierPath: PathFactory = (rand, halfSize) => {
  const p = Array.from({ length: 8 }, () => between(rand, -0.9, 0.9) * halfSize);
  const travelSeconds = between(rand, 900, 2400);
  return (t, out) => {
    const phase = (t / travelSeconds) % 2;
    const s = phase > 1 ? 2 - phase : phase;
    const r = 1 - s;
    const a = r * r * r;
    const b = 3 * r * r * s;
    const c = 3 * r * s * s;
    const d = s * s * s;
    out.x = a * p[0]! + b * p[2]! + c * p[4]! + d * p[6]!;
    out.y = a * p[1]! + b * p[3]! + c * p[5]! + d * p[7]!;
  };
};
