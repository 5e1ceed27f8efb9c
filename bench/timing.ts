/**
 * The fastest of `repeat` runs of `body`, in seconds. On a shared machine noise only ever adds
 * time, so the minimum is the best estimate of what the code itself costs.
 */
export async function bestOf(repeat: number, body: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < repeat; run++) {
    const started = performance.now();
    await body();
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return best;
}
