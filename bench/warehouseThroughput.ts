import { BUILD_DEFAULTS } from '../warehouse/buildDefaults.js';
import { buildWarehouse } from '../warehouse/buildWarehouse.js';

export interface WarehouseRun {
  threads: number;
  heartbeatRows: number;
  /** The whole build: listing and checking the lake, every model, the data tests, the checkpoint. */
  seconds: number;
  /** The heartbeat digest and the models, without the lake checks, data tests and commit. */
  modelSeconds: number;
  /** The slowest steps (the digest or a model), slowest first: where a build's time goes. */
  slowest: { model: string; seconds: number }[];
}

/** Why the step has no figure, for the table and the JSON, instead of failing the whole bench. */
export interface WarehouseUnavailable {
  reason: string;
}

/**
 * Builds the warehouse from scratch over a lake the throughput step wrote, on `threads` DuckDB
 * threads, through its programmatic API: the same code path as `npm run build-warehouse`.
 */
export async function warehouseThroughput(lake: string, db: string, threads: number): Promise<WarehouseRun | WarehouseUnavailable> {
  try {
    const summary = await buildWarehouse({
      lake,
      db,
      threads,
      encounterThreshold: BUILD_DEFAULTS.encounterThreshold,
      encounterCooldown: BUILD_DEFAULTS.encounterCooldown,
    });
    // The heartbeat digest is the step that reads the heartbeats, before the models: a step like them.
    const models = [{ model: 'heartbeat digest', seconds: summary.digest.seconds }, ...summary.models.map((result) => ({ model: result.model.name, seconds: result.seconds }))];
    return {
      threads,
      heartbeatRows: summary.heartbeatRows,
      seconds: summary.seconds,
      modelSeconds: models.reduce((sum, model) => sum + model.seconds, 0),
      slowest: [...models].sort((a, b) => b.seconds - a.seconds).slice(0, 3),
    };
  } catch (error) {
    return { reason: `the warehouse build failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}` };
  }
}
