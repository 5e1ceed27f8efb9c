import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_DEFAULTS } from '../warehouse/buildDefaults.js';
import { MANIFEST_FILE } from '../partitions/layout.js';
import type { BuildOptions } from '../warehouse/buildWarehouse.js';
import type { LakeManifest } from '../warehouse/lakeFiles.js';
import type { BuildProcessResult } from './warehouseBuildProcess.js';

export interface WarehouseScale {
  /** The full build, from an empty warehouse. */
  heartbeatRows: number;
  seconds: number;
  heartbeatRowsPerSecond: number;
  /** CPU seconds over wall seconds, in percent: 200 is both of two cores busy the whole build. */
  cpuPercent: number;
  peakRssBytes: number;
  /** The three slowest steps: models, and the heartbeat digest that runs before them. */
  slowest: { model: string; seconds: number }[];
  /** Building again after the lake gained its last day, on a warehouse of the days before it. */
  append: { seconds: number; partitionsRedone: number; heartbeatPartitionsDigested: number; ratioToFullBuild: number };
}

export interface WarehouseScaleOptions {
  /** A folder the measurement may fill and empty (a trimmed copy of the lake made of hard links, warehouses). */
  scratch: string;
  threads?: number;
  memoryLimit?: string;
}

const BUILD_PROCESS = fileURLToPath(new URL('./warehouseBuildProcess.ts', import.meta.url));

/**
 * Measures the warehouse at scale on a lake folder: a full build (heartbeat rows/s over the whole
 * build, CPU use, the three slowest steps, peak RSS), then the price of a new day: a warehouse
 * built over the lake without its last day, built again once that day is there. Each build runs
 * in its own process, so its peak RSS and CPU time are its own.
 */
export function warehouseScale(lake: string, options: WarehouseScaleOptions): WarehouseScale {
  fs.mkdirSync(options.scratch, { recursive: true });
  const settings = {
    encounterThreshold: BUILD_DEFAULTS.encounterThreshold,
    encounterCooldown: BUILD_DEFAULTS.encounterCooldown,
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.memoryLimit !== undefined ? { memoryLimit: options.memoryLimit } : {}),
  };
  const fullDb = freshFile(path.join(options.scratch, 'full.duckdb'));
  const full = buildInProcess({ lake, db: fullDb, ...settings });
  removeWarehouse(fullDb);

  const grown = path.join(options.scratch, 'lake');
  const restore = lakeWithoutLastDay(lake, grown);
  const appendDb = freshFile(path.join(options.scratch, 'append.duckdb'));
  buildInProcess({ lake: grown, db: appendDb, ...settings });
  restore();
  const append = buildInProcess({ lake: grown, db: appendDb, ...settings });
  removeWarehouse(appendDb);
  fs.rmSync(grown, { recursive: true, force: true });

  return {
    heartbeatRows: full.heartbeatRows,
    seconds: full.seconds,
    heartbeatRowsPerSecond: full.heartbeatRows / full.seconds,
    cpuPercent: (100 * full.cpuSeconds) / full.seconds,
    peakRssBytes: full.peakRssBytes,
    slowest: [...full.models, { model: 'heartbeat digest', seconds: full.digest.seconds }]
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 3)
      .map(({ model, seconds }) => ({ model, seconds })),
    append: {
      seconds: append.seconds,
      partitionsRedone: append.models.reduce((sum, model) => sum + (model.partitions ?? 0), 0),
      heartbeatPartitionsDigested: append.digest.partitions,
      ratioToFullBuild: append.seconds / full.seconds,
    },
  };
}

/**
 * Makes `out` a copy of the lake of hard links (no data copied) whose manifest lists every unit but
 * those of the last day, i.e. the lake as it stood a day earlier. Returns a function that adds the
 * last day back, as a simulate run that wrote it would. The last day's units are the ones whose
 * earliest date partition is the latest; units are told apart by their files, never their names.
 */
export function lakeWithoutLastDay(lake: string, out: string): () => void {
  const manifestFile = path.join(lake, MANIFEST_FILE);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as LakeManifest;
  const units = Object.entries(manifest.units ?? {});
  const firstDate = (files: NonNullable<NonNullable<LakeManifest['units']>[string]['files']>) =>
    files.map((file) => /\/date=(\d{4}-\d{2}-\d{2})\//.exec(`/${file.path}`)?.[1]).filter((date): date is string => date !== undefined).sort()[0] ?? null;
  const lastDay = units.map(([, unit]) => firstDate(unit.files ?? [])).filter((date): date is string => date !== null).sort().at(-1);
  fs.rmSync(out, { recursive: true, force: true });
  for (const [, unit] of units) {
    for (const file of unit.files ?? []) {
      fs.mkdirSync(path.dirname(path.join(out, file.path)), { recursive: true });
      fs.linkSync(path.join(lake, file.path), path.join(out, file.path));
    }
  }
  const earlier = Object.fromEntries(units.filter(([, unit]) => firstDate(unit.files ?? []) !== lastDay));
  fs.writeFileSync(path.join(out, MANIFEST_FILE), JSON.stringify({ ...manifest, complete: false, units: earlier }, null, 1));
  return () => fs.copyFileSync(manifestFile, path.join(out, MANIFEST_FILE));
}

function buildInProcess(options: BuildOptions): BuildProcessResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', BUILD_PROCESS, JSON.stringify(options)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`warehouse build over ${options.lake} failed: ${(result.stderr || result.stdout).trim().split('\n').at(-1) ?? `exit ${result.status}`}`);
  }
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as BuildProcessResult;
}

function freshFile(file: string): string {
  removeWarehouse(file);
  return file;
}

function removeWarehouse(file: string): void {
  // DuckDB spills into FILE.tmp/ under a memory limit.
  for (const leftover of [file, `${file}.wal`, `${file}.tmp`]) fs.rmSync(leftover, { recursive: true, force: true });
}
