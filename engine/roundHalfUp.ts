const TWO_51 = 2 ** 51;

/**
 * `Math.round`, bit for bit, at a fraction of its cost: V8 on this class of machine spends ~8 ns
 * in `Math.round` against ~1 ns for `Math.floor`, and a heartbeat rounds three coordinates.
 *
 * `floor(w + 0.5)` differs from `Math.round(w)` only where the result is 0 or 1 (the sign of
 * zero for w in [-0.5, 0], and w = 0.49999999999999994, whose sum rounds up to 1) and where
 * |w| ≥ 2^51 (the sum is no longer exact); those few go to `Math.round` itself.
 */
export function roundHalfUp(w: number): number {
  const r = Math.floor(w + 0.5);
  return r === 0 || r === 1 || r >= TWO_51 || r <= -TWO_51 ? Math.round(w) : r;
}
