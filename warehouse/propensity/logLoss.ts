/** Mean negative log-likelihood of 0/1 labels under predicted probabilities (clipped away from 0 and 1). */
export function logLoss(scores: readonly number[], labels: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, scores[i]!));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / Math.max(1, scores.length);
}
