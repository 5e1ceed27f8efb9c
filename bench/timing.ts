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

/** The same for bodies that time themselves: the result with the fewest `seconds` of `repeat` runs. */
export async function fastest<T extends { seconds: number }>(repeat: number, body: () => Promise<T>): Promise<T> {
  let best: T | null = null;
  for (let run = 0; run < repeat; run++) {
    const result = await body();
    if (best === null || result.seconds < best.seconds) best = result;
  }
  return best!;
}
