import os from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { SprintError } from '../common/errors.js';
import { toBenchResult } from './benchResult.js';
import type { BenchResult, EncounterFailure, Machine, WarehouseScaleCase } from './benchResult.js';
import { duckdbYardstick } from './duckdbYardstick.js';
import type { YardstickRun } from './duckdbYardstick.js';
import { compareEncounters } from './encounters.js';
import type { EncounterComparison } from './encounters.js';
import type { BenchOptions, WarehouseWorld } from './options.js';
import { createScratchFolder } from './scratchFolder.js';
import { simulateOnce } from './simulateThroughput.js';
import type { SimulateRun } from './simulateThroughput.js';
import { warehouseThroughput } from './warehouseThroughput.js';
import { fastest } from './timing.js';
import { sampleWorldShape } from './worldShape.js';
import { runScaleCase } from './scaleCase.js';
import { warehouseScale } from './warehouseScale.js';

export const TEAMS_PER_SESSION = [5, 20, 50] as const;

/** Progress for people while the bench runs (stderr in the CLI, so stdout stays the table). */
export type BenchLog = (line: string) => void;

/**
 * The whole bench. Sprint and the DuckDB yardstick alternate per thread count, so both see the
 * same machine at nearly the same moment; the encounter and warehouse steps run on the most
 * threads; the lake of the last Sprint run feeds the warehouse, and every file written goes
 * away at the end.
 */
export async function runBench(options: BenchOptions, log: BenchLog = () => {}): Promise<BenchResult> {
  const scratch = createScratchFolder(options.workDir);
  // Ctrl-C kills the Sprint child processes with the bench and skips `finally`: remove the
  // temporary lakes here, or every interrupted bench would leave gigabytes in the temp folder.
  const onSignal = () => {
    scratch.removeAll();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const world = { players: options.players, days: options.days, blockSize: options.blockSize, seed: options.seed };
  const maxThreads = options.threadsList.at(-1)!;
  try {
    const machine = await describeMachine();
    const sprint: SimulateRun[] = [];
    const yardstick: YardstickRun[] = [];
    for (const threads of options.threadsList) {
      const run = await fastest(options.repeat, async () => {
        const result = await simulateOnce(world, threads, scratch.fresh('lake'), '0/1').catch((error: unknown) => {
          throw new SprintError(`the Sprint run on ${threads} threads failed: ${lastLine(error)}`, { cause: error });
        });
        if (threads !== maxThreads) scratch.remove('lake');
        return result;
      });
      log(`sprint    ${threads} thread${threads === 1 ? ' ' : 's'}  ${run.seconds.toFixed(1)} s for ${(run.rows.heartbeats ?? 0).toLocaleString('en-US')} heartbeats`);
      sprint.push(run);
      const duck = await fastest(options.repeat, async () => {
        const result = await duckdbYardstick(run.rows.heartbeats ?? 0, options.days, threads, scratch.fresh('duckdb'));
        scratch.remove('duckdb');
        return result;
      });
      log(`duckdb    ${threads} thread${threads === 1 ? ' ' : 's'}  ${duck.seconds.toFixed(1)} s for the same rows`);
      yardstick.push(duck);
    }

    const encounters: (EncounterComparison | EncounterFailure)[] = [];
    for (const teams of TEAMS_PER_SESSION) {
      const comparison = await compareEncounters(teams, options.encounterCentroids, maxThreads, options.repeat).catch((error: unknown) => ({
        teamsPerSession: teams,
        error: lastLine(error),
      }));
      log('error' in comparison
        ? `encounters ${teams} teams: failed: ${comparison.error}`
        : `encounters ${teams} teams: digest ${comparison.digestSeconds.toFixed(2)} s, every pair ${comparison.everyPairSeconds.toFixed(2)} s`);
      encounters.push(comparison);
    }

    const warehouse = await warehouseThroughput(scratch.path('lake'), scratch.fresh('warehouse.duckdb'), maxThreads);
    log('reason' in warehouse ? `warehouse: ${warehouse.reason}` : `warehouse ${warehouse.seconds.toFixed(1)} s for ${warehouse.heartbeatRows.toLocaleString('en-US')} heartbeats`);
    scratch.remove('lake');
    scratch.remove('warehouse.duckdb');

    const scaleWorld = { players: options.scale.players, days: options.scale.days, blockSize: options.scale.blockSize, seed: options.seed };
    const scale = await runScaleCase({ world: scaleWorld, days: options.scale.sliceDays, threads: maxThreads, projectThreads: options.projection.threads }, scratch.fresh('scale'), scratch.fresh('scale-duckdb'));
    log(`scale     ${scale.dayUnits} full days (--shard ${scale.shard}): ${scale.sprint.seconds.toFixed(1)} s for ${(scale.sprint.rows.heartbeats ?? 0).toLocaleString('en-US')} heartbeats; DuckDB ${scale.yardstick.seconds.toFixed(1)} s`);
    scratch.remove('scale-duckdb');
    scratch.remove('scale');

    // The warehouse at scale needs complete lakes: the dense world, then full-scale days.
    const measureWarehouseWorld = async (world: WarehouseWorld, name: string): Promise<WarehouseScaleCase> => {
      const simulate = await simulateOnce({ ...world, blockSize: 1 << 20, seed: options.seed }, maxThreads, scratch.fresh(name), '0/1');
      log(`${name.padEnd(9)} --players ${world.players.toLocaleString('en-US')} --days ${world.days}: ${simulate.seconds.toFixed(1)} s for ${(simulate.rows.heartbeats ?? 0).toLocaleString('en-US')} heartbeats`);
      const memoryLimit = options.warehouseScale.memoryLimit;
      const warehouse = warehouseScale(scratch.path(name), { scratch: scratch.fresh(`${name}-warehouse`), threads: maxThreads, memoryLimit });
      log(`warehouse on ${name}: ${warehouse.seconds.toFixed(1)} s for the full build, ${warehouse.append.seconds.toFixed(1)} s for the one-day append`);
      scratch.remove(`${name}-warehouse`);
      scratch.remove(name);
      return { ...world, threads: maxThreads, memoryLimit, simulate, warehouse };
    };
    const warehouseScaleCase = await measureWarehouseWorld(options.warehouseScale.dense, 'dense');
    const fullScaleDaysCase = await measureWarehouseWorld(options.warehouseScale.fullScaleDays, 'full-days');

    const shape = await sampleWorldShape(options.shape.players, options.projection.days, options.shape.sampleDays, options.seed, maxThreads, scratch.fresh('shape'));
    log(`shape     ${shape.dayUnitsSampled} of ${shape.dayUnitsTotal} days of a ${shape.days}-day world sampled for the projection`);
    scratch.remove('shape');

    machine.loadAverage.end = os.loadavg()[0]!;
    return toBenchResult({ options, machine, sprint, yardstick, encounters, warehouse, shape, scale, warehouseScale: warehouseScaleCase, warehouseFullScaleDays: fullScaleDaysCase });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    scratch.removeAll();
  }
}

async function describeMachine(): Promise<Machine> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll('SELECT version()');
    return {
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryBytes: os.totalmem(),
      node: process.version,
      duckdb: String(reader.getRowsJS()[0]![0]),
      loadAverage: { start: os.loadavg()[0]!, end: NaN },
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The most telling line of a failure: a child's last stderr line, or the message's first. */
function lastLine(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  if (typeof stderr === 'string' && stderr.trim() !== '') {
    const lines = stderr.trim().split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('at '));
    return lines.find((line) => /Error/.test(line))?.trim() ?? lines.at(-1)!.trim();
  }
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
