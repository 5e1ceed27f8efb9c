import { blockCount, signedUpInBlock, type World, type WorldParams } from '../engine/world.js';

/**
 * The work of a run, cut by what it computes and never by how many threads run it: one unit per
 * (day, player block) with anyone signed up, one per block of the players dimension, and one for
 * the product catalog. `--shard i/N` takes every N-th unit of this fixed list.
 */
export type WorkUnit =
  | { kind: 'day'; day: number; block: number }
  | { kind: 'players'; block: number }
  | { kind: 'products' };

export interface ShardSpec {
  index: number;
  count: number;
}

export function unitName(unit: WorkUnit): string {
  switch (unit.kind) {
    case 'day':
      return `d${String(unit.day).padStart(4, '0')}-b${String(unit.block).padStart(4, '0')}`;
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
  // Day-major, so the lake's early dates complete first and a killed run leaves whole days behind.
  for (let day = 0; day < world.params.days; day++) {
    for (let block = 0; block < blocks; block++) {
      if (signedUpInBlock(world, block, day) > 0) units.push({ kind: 'day', day, block });
    }
  }
  return units.filter((_, position) => position % shard.count === shard.index);
}

/** What one worker task receives: everything needed to compute its unit alone. */
export interface UnitTask {
  lakeRoot: string;
  params: WorldParams;
  unit: WorkUnit;
}
