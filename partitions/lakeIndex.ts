import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, SHARDS_FOLDER, SUCCESS_FILE } from './layout.js';
import type { LakeManifest } from './manifest.js';
import type { WrittenFile } from './parquetFileWriter.js';

/**
 * What a reader may read of a lake: the files of its completed units, as its manifests list them,
 * never a file a unit is still writing or one a killed unit left. A lake written whole has one
 * manifest in its root; one written by N machines has one per shard under `_shards/` until the
 * last shard merges them (and writes `_SUCCESS`).
 */
export interface LakeIndex {
  /** The parameters of the run(s), as recorded; null when the lake has no manifest at all. */
  params: LakeManifest['params'] | null;
  /** `_SUCCESS` is there: every unit of the plan was written and checked. */
  complete: boolean;
  files: WrittenFile[];
  /** Units listed, and shards that have a manifest, out of how many (1 for a lake written whole). */
  units: number;
  shards: { written: number; count: number };
}

export function readLakeIndex(lakeRoot: string): LakeIndex {
  const complete = existsSync(path.join(lakeRoot, SUCCESS_FILE));
  const root = readJson(path.join(lakeRoot, MANIFEST_FILE));
  const shardsDir = path.join(lakeRoot, SHARDS_FOLDER);
  const shardManifests =
    complete || !existsSync(shardsDir)
      ? []
      : readdirSync(shardsDir)
          .filter((name) => /^\d+-of-\d+$/.test(name))
          .sort()
          .map((name) => readJson(path.join(shardsDir, name, MANIFEST_FILE)))
          .filter((manifest): manifest is LakeManifest => manifest !== null);
  const manifests = shardManifests.length > 0 ? shardManifests : root ? [root] : [];
  const units = manifests.flatMap((manifest) => Object.values(manifest.units));
  return {
    params: manifests[0]?.params ?? null,
    complete,
    files: units.flatMap((unit) => unit.files),
    units: units.length,
    shards: { written: manifests.length, count: manifests[0]?.shard?.count ?? 1 },
  };
}

function readJson(file: string): LakeManifest | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as LakeManifest;
}
