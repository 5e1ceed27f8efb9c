import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createProgressReporter } from '../workers/progress.js';
import { removeFolder, temporaryFolder } from './helpers/lake.js';
import { runSimulate, smallWorldArgs } from './helpers/process.js';

// Without a terminal (CI logs, `| tee`) every progress line stays in the log for good: a run of
// many hours must not write one every few seconds. A line comes at each 5% of the units, or when
// 30 s passed without one, so a log holds about 20 lines plus two a minute of a slow stretch.

/** Feeds a non-terminal reporter `units` updates, `secondsPerUnit` apart on a simulated clock; returns the times of its lines. */
function linesOf(units: number, secondsPerUnit: number): number[] {
  let clock = 0;
  const stream = new PassThrough();
  const times: number[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line) times.push(clock / 1000);
  });
  const reporter = createProgressReporter(true, stream, () => clock);
  reporter.start(units, 0);
  for (let done = 1; done <= units; done++) {
    clock += secondsPerUnit * 1000;
    reporter.update(done, { heartbeats: done * 1000 });
  }
  reporter.stop();
  return times;
}

describe('progress without a terminal', () => {
  it('writes one line per 5% of the work when the work goes fast', () => {
    const times = linesOf(10_000, 0.001);
    expect(times).toHaveLength(20);
  });

  it('writes a line after 30 s without one when 5% of the work takes longer', () => {
    // 100,000 units at 10 ms each: 1,000 s in all, 50 s per 5% step.
    const times = linesOf(100_000, 0.01);
    const bound = 20 + Math.ceil(1_000 / 30);
    expect(times.length).toBeGreaterThan(20);
    expect(times.length).toBeLessThanOrEqual(bound);
    for (let i = 1; i < times.length; i++) {
      const gap = times[i]! - times[i - 1]!;
      const step = (t: number) => Math.floor(t / 50 + 1e-9);
      expect(gap >= 30 - 1e-6 || step(times[i]!) > step(times[i - 1]!), `lines at ${times[i - 1]} s and ${times[i]} s`).toBe(true);
    }
  });

  it('keeps a real simulate run whose stderr is a pipe to at most 21 lines', async () => {
    const out = temporaryFolder('progress-log');
    try {
      const result = await runSimulate(smallWorldArgs(out, { days: 12 }).filter((arg) => arg !== '--no-progress'));
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stderr.split('\n').filter((line) => line.startsWith('simulate: '));
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.length).toBeLessThanOrEqual(21);
      expect(lines.at(-1)).toMatch(/^simulate: (\d+)\/\1 units, /);
    } finally {
      removeFolder(out);
    }
  });
});
