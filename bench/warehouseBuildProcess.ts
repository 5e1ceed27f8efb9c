import { buildWarehouse } from '../warehouse/buildWarehouse.js';
import type { BuildOptions } from '../warehouse/buildWarehouse.js';

/** What one build in its own process reports back: its summary, and what the process used. */
export interface BuildProcessResult {
  seconds: number;
  heartbeatRows: number;
  cpuSeconds: number;
  peakRssBytes: number;
  models: { model: string; seconds: number; partitions: number | null; fullRefresh: boolean | null }[];
  /** The heartbeat digest, the step before the models: heartbeat partitions digested. */
  digest: { seconds: number; partitions: number; fullRefresh: boolean };
}

/**
 * Runs one warehouse build in this process and prints its figures as one JSON line. The bench
 * starts it as a child process so that peak RSS and CPU time belong to the build alone, not to
 * the simulate runs or other builds the bench process did before.
 */
async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as BuildOptions;
  const summary = await buildWarehouse(options);
  const usage = process.resourceUsage();
  const result: BuildProcessResult = {
    seconds: summary.seconds,
    heartbeatRows: summary.heartbeatRows,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    peakRssBytes: usage.maxRSS * 1024,
    models: summary.models.map((result) => ({
      model: result.model.name,
      seconds: result.seconds,
      partitions: result.partitions?.done ?? null,
      fullRefresh: result.partitions?.fullRefresh ?? null,
    })),
    digest: { seconds: summary.digest.seconds, partitions: summary.digest.partitions.length, fullRefresh: summary.digest.fullRefresh },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
