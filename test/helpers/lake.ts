import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateSimulateOptions, type RawSimulateOptions } from '../../workers/options.js';
import { runSimulation, type SimulationSummary } from '../../workers/runSimulation.js';

/** A small world that still has several player blocks, midnight-crossing sessions and renewals. */
export const SMALL_WORLD = { players: 3000, days: 40, blockSize: 1000, startDate: '2025-01-01', seed: 'test' } as const;

export function temporaryFolder(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `sprint-${prefix}-`));
}

export function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

/** Runs the real coordinator, with real worker threads, into `out`. */
export async function simulate(out: string, options: RawSimulateOptions = {}): Promise<SimulationSummary> {
  return runSimulation(validateSimulateOptions({ ...SMALL_WORLD, threads: 2, progress: false, ...options, out }));
}
