import { validateSimulateOptions } from '../workers/options.js';
import { runSimulation } from '../workers/runSimulation.js';
import type { ProgressReporter } from '../workers/progress.js';

/**
 * One Sprint run in a process of its own, started by simulateThroughput.ts. A fresh process per
 * run keeps the peak-RSS figure honest: maxRSS only ever grows, so in the bench's own process it
 * would carry the previous run's peak and DuckDB's buffers from the yardstick.
 *
 * Input: the simulate options as JSON in argv[2]. Output: the run's summary as JSON on stdout, plus
 * the CPU seconds of every thread, which show how much of its cores a run got on a shared machine,
 * and when the first unit finished, which bounds what starting the pool cost.
 */
const options = validateSimulateOptions({ ...JSON.parse(process.argv[2]!), progress: false });
const started = performance.now();
let firstUnitSeconds = NaN;
const reporter: ProgressReporter = {
  start() {},
  update() {
    if (Number.isNaN(firstUnitSeconds)) firstUnitSeconds = (performance.now() - started) / 1000;
  },
  stop() {},
};
const before = process.cpuUsage();
const summary = await runSimulation(options, { reporter });
const cpu = process.cpuUsage(before);
process.stdout.write(`${JSON.stringify({ ...summary, cpuSeconds: (cpu.user + cpu.system) / 1e6, firstUnitSeconds })}\n`);
