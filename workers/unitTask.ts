import * as parquet from 'parquet-wasm/node';
import { SECONDS_PER_DAY } from '../engine/calendar.js';
import { computeBlockTraits } from '../engine/players.js';
import { blockLifetimes, type BlockLifetimes } from '../engine/population.js';
import { createBlockState, simulateDay, type BlockState, type TimeWindow } from '../engine/simulateDay.js';
import { blockCount, createWorld, signedUpInBlock, type World } from '../engine/world.js';
import { unitName, type UnitTask } from './workUnits.js';
import type { WrittenFile } from '../partitions/parquetFileWriter.js';
import { LakeSink } from './lakeSink.js';
import { writePlayersFile, writeProductsFile } from './dimensionFiles.js';

/**
 * The pool's task: one work unit in, its Parquet files on disk, metadata out (never the rows).
 * A worker keeps the world and every block's player lifetimes between tasks (two bytes a player),
 * so finding who is still alive on a day is a scan rather than a hash per player.
 */
export interface UnitResult {
  unit: string;
  files: WrittenFile[];
  seconds: number;
  /** This worker's own memory at the end of the task: JS heap, buffers outside it, and wasm. */
  memory: { heapBytes: number; externalBytes: number; wasmBytes: number };
}

let cachedWorld: { key: string; world: World; lifetimes: Map<number, BlockLifetimes> } | null = null;

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
      files = [await writePlayersFile(world, computeBlockTraits(world, task.unit.block), task.lakeRoot, name)];
      break;
    case 'day':
      files = await writeDay(world, task.unit.day, task.lakeRoot, name);
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

/**
 * Every row dated `day`: first the matches of the day before that ran past midnight, then the day
 * itself, block by block. That order keeps each file sorted by session id (ids grow with day,
 * block and match), which the warehouse relies on.
 */
async function writeDay(world: World, day: number, lakeRoot: string, name: string): Promise<WrittenFile[]> {
  const dayStart = (world.params.startEpochDay + day) * SECONDS_PER_DAY;
  const isLastDay = day === world.params.days - 1;
  const window: TimeWindow = { from: dayStart, until: dayStart + (isLastDay ? 2 : 1) * SECONDS_PER_DAY };
  const states: BlockState[] = [];
  for (let block = 0; block < blockCount(world); block++) {
    if (signedUpInBlock(world, block, day) > 0) states.push(createBlockState(world, lifetimesFor(world, block), Math.max(0, day - 1), day));
  }
  const sink = new LakeSink(lakeRoot, name);
  try {
    if (day > 0) for (const state of states) await run(simulateDay(world, state, day - 1, sink, window), sink);
    for (const state of states) await run(simulateDay(world, state, day, sink, window), sink);
    return await sink.close();
  } catch (error) {
    await sink.abort();
    throw error;
  }
}

async function run(steps: Generator<void, void, void>, sink: LakeSink): Promise<void> {
  for (const _ of steps) {
    if (sink.needsDrain) await sink.drain();
  }
}

function worldFor(task: UnitTask): World {
  const key = JSON.stringify(task.params);
  if (cachedWorld?.key !== key) cachedWorld = { key, world: createWorld(task.params), lifetimes: new Map() };
  return cachedWorld.world;
}

function lifetimesFor(world: World, block: number): BlockLifetimes {
  const cache = cachedWorld!.lifetimes;
  let lifetimes = cache.get(block);
  if (!lifetimes) cache.set(block, (lifetimes = blockLifetimes(world, block)));
  return lifetimes;
}
