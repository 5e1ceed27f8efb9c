import * as parquet from 'parquet-wasm/node';
import { createBlockState, simulateDay, type BlockState } from '../engine/simulateDay.js';
import { createWorld, type World } from '../engine/world.js';
import { unitName, type UnitTask } from './workUnits.js';
import type { WrittenFile } from '../partitions/parquetFileWriter.js';
import { LakeSink } from './lakeSink.js';
import { writePlayersFile, writeProductsFile } from './dimensionFiles.js';

/**
 * The pool's task: one work unit in, its Parquet files on disk, metadata out (never the rows).
 * A worker keeps the world and the last block's player traits between tasks: consecutive units
 * usually share them, and recomputing a million players' traits per day would dominate.
 */
export interface UnitResult {
  unit: string;
  files: WrittenFile[];
  seconds: number;
  /** This worker's own memory at the end of the task: JS heap, buffers outside it, and wasm. */
  memory: { heapBytes: number; externalBytes: number; wasmBytes: number };
}

let cachedWorld: { key: string; world: World } | null = null;
let cachedBlock: BlockState | null = null;

export default async function runUnit(task: UnitTask): Promise<UnitResult> {
  const started = performance.now();
  const world = worldFor(task);
  const name = unitName(task.unit);
  let files: WrittenFile[];
  switch (task.unit.kind) {
    case 'products':
      files = [await writeProductsFile(task.lakeRoot, name)];
      break;
    case 'players':
      files = [await writePlayersFile(world, blockFor(world, task.unit.block), task.lakeRoot, name)];
      break;
    case 'day':
      files = await writeDay(world, blockFor(world, task.unit.block), task.unit.day, task.lakeRoot, name);
      break;
  }
  const memory = process.memoryUsage();
  return {
    unit: name,
    files,
    seconds: (performance.now() - started) / 1000,
    memory: { heapBytes: memory.heapUsed, externalBytes: memory.external, wasmBytes: parquet.wasmMemory().buffer.byteLength },
  };
}

async function writeDay(world: World, state: BlockState, day: number, lakeRoot: string, name: string): Promise<WrittenFile[]> {
  const sink = new LakeSink(lakeRoot, name);
  try {
    for (const _ of simulateDay(world, state, day, sink)) {
      if (sink.needsDrain) await sink.drain();
    }
    return await sink.close();
  } catch (error) {
    await sink.abort();
    throw error;
  }
}

function worldFor(task: UnitTask): World {
  const key = JSON.stringify(task.params);
  if (cachedWorld?.key !== key) {
    cachedWorld = { key, world: createWorld(task.params) };
    cachedBlock = null;
  }
  return cachedWorld.world;
}

function blockFor(world: World, block: number): BlockState {
  if (cachedBlock?.block !== block) cachedBlock = createBlockState(world, block);
  return cachedBlock;
}
