import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { SprintError, UsageError } from '../common/errors.js';
import { writeFileAtomic } from '../partitions/atomicWrite.js';
import { MANIFEST_FILE, SHARDS_FOLDER, SUCCESS_FILE, shardFolderName } from '../partitions/layout.js';
import { differingEngine, differingParam, readManifest, writeManifest, type LakeManifest } from '../partitions/manifest.js';

/**
 * Whether a lake is whole, and if so its completion marker. A lake written by one run is whole
 * when its manifest holds every unit. A lake assembled by N machines (`--shard i/N`, each keeping
 * its manifest under `_shards/i-of-N/`) is whole when all N shards are there and done, agree on
 * parameters and engine, list every unit of the plan exactly once, and every file they list is on
 * disk at its recorded size. Then the shards' manifests are merged into the lake's own
 * `_manifest.json` and `_SUCCESS` is written, which Spark, Trino and DuckDB globs all ignore and
 * which readers such as `build-warehouse` wait for.
 */
export type LakeCompletion =
  | { complete: true; units: number; files: number; shards: number }
  | { complete: false; reason: string };

/** Checks the lake and writes `_SUCCESS` when it is whole; never throws for a lake still being written. */
export async function completeLake(lakeRoot: string, plannedUnits: number): Promise<LakeCompletion> {
  try {
    return { complete: true, ...(await assertLakeComplete(lakeRoot, plannedUnits)) };
  } catch (error) {
    if (error instanceof IncompleteLake) return { complete: false, reason: error.message };
    throw error;
  }
}

/** A lake that is not (yet) whole: a shard missing or unfinished. */
export class IncompleteLake extends SprintError {}

/**
 * The same check, strict: the first problem is an error naming it (a missing, unfinished or
 * duplicated shard, a unit written twice, a file gone). `plannedUnits` is the whole plan's size.
 */
export async function assertLakeComplete(lakeRoot: string, plannedUnits: number): Promise<{ units: number; files: number; shards: number }> {
  const shards = await readShards(lakeRoot);
  const root = await readManifest(lakeRoot).catch(() => null);
  if (shards.length === 0) {
    if (!root) throw new UsageError(`${lakeRoot} has no ${MANIFEST_FILE} and no ${SHARDS_FOLDER}/: it is not a Sprint lake`);
    const missing = plannedUnits - Object.keys(root.units).length;
    if (missing > 0) throw new IncompleteLake(`${lakeRoot} is missing ${missing} of ${plannedUnits} units; finish it with the same options plus --resume`);
    const files = await checkFiles(lakeRoot, [root]);
    await writeFileAtomic(path.join(lakeRoot, SUCCESS_FILE), '');
    return { units: plannedUnits, files, shards: 1 };
  }

  const count = shards[0]!.manifest.shard.count;
  const first = shards[0]!.manifest;
  const byIndex = new Map<number, LakeManifest>();
  for (const { folder, manifest } of shards) {
    if (manifest.shard.count !== count) throw new SprintError(`${lakeRoot}: ${SHARDS_FOLDER}/${folder} is a shard of ${manifest.shard.count}, but ${SHARDS_FOLDER}/${shardFolderName(first.shard)} one of ${count}; a lake is written in one N`);
    if (folder !== shardFolderName(manifest.shard)) throw new SprintError(`${lakeRoot}: ${SHARDS_FOLDER}/${folder} holds the manifest of shard ${manifest.shard.index}/${count}; a shard's manifest was copied or moved`);
    const engine = differingEngine(first.engine, manifest.engine);
    if (engine) throw new SprintError(`${lakeRoot}: shard ${manifest.shard.index}/${count} was written by another Sprint than shard ${first.shard.index}/${count} (${engine.name} ${engine.requested} vs ${engine.lake}); write it again with --force`);
    const param = differingParam(first.params, manifest.params);
    if (param) throw new SprintError(`${lakeRoot}: shard ${manifest.shard.index}/${count} has ${param.setting} ${param.requested}, shard ${first.shard.index}/${count} ${param.lake}; write it again with the lake's options and --force`);
    byIndex.set(manifest.shard.index, manifest);
  }
  for (let index = 0; index < count; index++) {
    const manifest = byIndex.get(index);
    if (!manifest) throw new IncompleteLake(`${lakeRoot} is missing shard ${index}/${count}: run the same command with --shard ${index}/${count}`);
    const done = Object.keys(manifest.units).length;
    if (done < manifest.totalUnits) throw new IncompleteLake(`${lakeRoot}: shard ${index}/${count} has written ${done} of its ${manifest.totalUnits} units; finish it with --shard ${index}/${count} --resume`);
  }
  const owner = new Map<string, number>();
  for (const manifest of byIndex.values()) {
    for (const unit of Object.keys(manifest.units)) {
      const other = owner.get(unit);
      if (other !== undefined) throw new SprintError(`${lakeRoot}: unit ${unit} is written by both shard ${other}/${count} and shard ${manifest.shard.index}/${count}; a shard was run with another plan, write it again with --force`);
      owner.set(unit, manifest.shard.index);
    }
  }
  if (owner.size !== plannedUnits) throw new SprintError(`${lakeRoot}: its ${count} shards hold ${owner.size} units, the plan has ${plannedUnits}; write the lake again`);
  const files = await checkFiles(lakeRoot, [...byIndex.values()]);

  const now = new Date().toISOString();
  const merged: LakeManifest = {
    ...first,
    shard: { index: 0, count: 1 },
    totalUnits: plannedUnits,
    createdAt: [...byIndex.values()].map((m) => m.createdAt).sort()[0]!,
    updatedAt: now,
    units: Object.fromEntries([...byIndex.values()].flatMap((manifest) => Object.entries(manifest.units)).sort(([a], [b]) => a.localeCompare(b))),
  };
  await writeManifest(lakeRoot, merged);
  await writeFileAtomic(path.join(lakeRoot, SUCCESS_FILE), '');
  return { units: plannedUnits, files, shards: count };
}

async function readShards(lakeRoot: string): Promise<{ folder: string; manifest: LakeManifest }[]> {
  const folders = (await readdir(path.join(lakeRoot, SHARDS_FOLDER)).catch(() => [] as string[])).filter((name) => /^\d+-of-\d+$/.test(name)).sort();
  const shards: { folder: string; manifest: LakeManifest }[] = [];
  for (const folder of folders) {
    const manifest = await readManifest(path.join(lakeRoot, SHARDS_FOLDER, folder)).catch((error: Error) => {
      throw new SprintError(`${path.join(lakeRoot, SHARDS_FOLDER, folder, MANIFEST_FILE)} is unreadable (${error.message}); write that shard again with --force`);
    });
    if (manifest) shards.push({ folder, manifest });
  }
  return shards;
}

/** Every listed file is on disk at the size it was written; returns how many there are. */
async function checkFiles(lakeRoot: string, manifests: readonly LakeManifest[]): Promise<number> {
  let count = 0;
  for (const manifest of manifests) {
    for (const [unit, record] of Object.entries(manifest.units)) {
      for (const file of record.files) {
        const info = await stat(path.join(lakeRoot, file.path)).catch(() => null);
        if (info?.size !== file.bytes) {
          throw new SprintError(`${lakeRoot}: ${file.path} of unit ${unit} is ${info ? `${info.size} bytes, not the ${file.bytes} written` : 'gone'}; resume its shard with --resume to write it again`);
        }
        count++;
      }
    }
  }
  return count;
}
