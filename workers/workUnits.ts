import { blockCount, type World, type WorldParams } from '../engine/world.js';

/**
 * The work of a run, cut by what it computes and never by how many threads run it: one unit per
 * simulated day, one per block of the players dimension, and one for the product catalog.
 * `--shard i/N` takes every N-th unit of this fixed list.
 *
 * A day's unit writes every row dated that day, and nothing else: one file per event table and
 * date, however many player blocks the world has (a full-scale day's heartbeats are ~100 MB, the
 * size readers like). It also finishes the matches of the evening before that ran past midnight,
 * so no unit leaves a small file in the next date's partition. The last day's unit also writes the
 * date after it, where the world's last matches end.
 */
export type WorkUnit =
  | { kind: 'day'; day: number }
  | { kind: 'players'; block: number }
  | { kind: 'products' };

export interface ShardSpec {
  index: number;
  count: number;
}

export function unitName(unit: WorkUnit): string {
  switch (unit.kind) {
    case 'day':
      return `d${String(unit.day).padStart(4, '0')}`;
    case 'players':
      return `players-b${String(unit.block).padStart(4, '0')}`;
    case 'products':
      return 'products';
  }
}

export function planUnits(world: World, shard: ShardSpec): WorkUnit[] {
  const units: WorkUnit[] = [{ kind: 'products' }];
  const blocks = blockCount(world);
  for (let block = 0; block < blocks; block++) units.push({ kind: 'players', block });
  // In date order, so the lake's early dates complete first and a killed run leaves whole days behind.
  for (let day = 0; day < world.params.days; day++) units.push({ kind: 'day', day });
  return units.filter((_, position) => position % shard.count === shard.index);
}

/** What one worker task receives: everything needed to compute its unit alone. */
export interface UnitTask {
  lakeRoot: string;
  params: WorldParams;
  unit: WorkUnit;
}
