import { between, type PathFactory } from './path.js';

/** Patrol loops: two sine waves at different periods trace a Lissajous figure around a centre. */
export const lissajousPath: PathFactory = (rand, halfSize) => {
  const cx = between(rand, -0.4, 0.4) * halfSize;
  const cy = between(rand, -0.4, 0.4) * halfSize;
  const ax = between(rand, 0.2, 0.55) * halfSize;
  const ay = between(rand, 0.2, 0.55) * halfSize;
  const wx = (2 * Math.PI) / between(rand, 600, 2400);
  const wy = (2 * Math.PI) / between(rand, 600, 2400);
  const px = between(rand, 0, 2 * Math.PI);
  const py = between(rand, 0, 2 * Math.PI);
  return (t, out) => {
    out.x = cx + ax * Math.sin(wx * t + px);
    out.y = cy + ay * Math.sin(wy * t + py);
  };
};
