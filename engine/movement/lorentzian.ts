import { between, type PathFactory } from './path.js';

/**
 * A push across the map: x follows the integral of a Lorentzian (a smooth arctangent crossing),
 * y a Lorentzian bump, so the team rushes through a region and then settles.
 */
export const lorentzianPath: PathFactory = (rand, halfSize) => {
  const x0 = between(rand, -0.5, 0.5) * halfSize;
  const y0 = between(rand, -0.5, 0.5) * halfSize;
  const ax = between(rand, 0.2, 0.45) * halfSize * (rand() < 0.5 ? -1 : 1);
  const ay = between(rand, 0.15, 0.4) * halfSize * (rand() < 0.5 ? -1 : 1);
  const gamma = between(rand, 200, 800);
  const tx = between(rand, 0, 1800);
  const ty = between(rand, 0, 1800);
  return (t, out) => {
    out.x = x0 + ax * (2 / Math.PI) * Math.atan((t - tx) / gamma);
    const dt = t - ty;
    out.y = y0 + ay * ((gamma * gamma) / (gamma * gamma + dt * dt) - 0.5);
  };
};
