import { parseIsoDate } from '../engine/calendar.js';
import { createWorld } from '../engine/world.js';
import type { ManifestParams } from '../partitions/manifest.js';
import type { WorldConfig } from '../engine/config.js';
import { planUnits } from './workUnits.js';

/** How many units the whole plan of a lake's parameters holds (what a complete lake must list). */
export function plannedUnitCount(params: ManifestParams): number {
  const world = createWorld({
    seed: params.seed,
    players: params.players,
    days: params.days,
    startEpochDay: parseIsoDate(params.startDate)!,
    blockSize: params.blockSize,
    heartbeatShare: params.heartbeatShare,
    config: params.config as WorldConfig,
  });
  return planUnits(world, { index: 0, count: 1 }).length;
}
