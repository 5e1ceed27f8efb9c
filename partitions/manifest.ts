import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE } from './layout.js';
import { writeFileAtomic } from './atomicWrite.js';
import type { WrittenFile } from './parquetFileWriter.js';

/**
 * `_manifest.json`: what a lake is (the parameters that produced it) and what of it is done (per
 * completed work unit, its files and row counts). It is rewritten atomically, so a reader sees
 * either the previous or the next version; a unit whose files exist but which the manifest does
 * not list is not done and will be written again on resume.
 */
// 3: transactions/ gained is_renewal.
export const MANIFEST_FORMAT = 'sprint-lake/3';

/**
 * What wrote a lake. The rows are a pure function of the parameters only for one engine: a resume
 * or another shard by a different build would silently mix two worlds in one lake, so every run
 * compares this with the lake's and refuses on any difference. `bundle` is the content hash of the
 * worker bundle (all the code that computes rows); Node and V8 are recorded as well, since they
 * own the floating-point functions the world is made of.
 */
export interface EngineIdentity {
  bundle: string;
  node: string;
  v8: string;
}

export interface ManifestParams {
  seed: string;
  players: number;
  days: number;
  startDate: string;
  blockSize: number;
  heartbeatShare: number;
  config: unknown;
}

export interface UnitRecord {
  files: WrittenFile[];
}

export interface LakeManifest {
  format: typeof MANIFEST_FORMAT;
  engine: EngineIdentity;
  params: ManifestParams;
  /** Which part of the plan this manifest covers: {0, 1} is the whole lake. */
  shard: { index: number; count: number };
  /** Units this manifest holds when its part is done. */
  totalUnits: number;
  complete: boolean;
  createdAt: string;
  updatedAt: string;
  units: Record<string, UnitRecord>;
}

export async function readManifest(lakeRoot: string): Promise<LakeManifest | null> {
  let text: string;
  try {
    text = await readFile(path.join(lakeRoot, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const manifest = JSON.parse(text) as LakeManifest | null;
  if (manifest?.format !== MANIFEST_FORMAT) {
    throw new Error(`it is lake format '${String(manifest?.format)}', and this Sprint writes '${MANIFEST_FORMAT}'; write the lake anew (--force) or use the Sprint that wrote it`);
  }
  // Checked here so that a damaged manifest is reported as such, not as a TypeError deep in resume.
  if (!isObject(manifest.params) || !isObject(manifest.units) || typeof manifest.totalUnits !== 'number' || !isObject(manifest.engine) || !isObject(manifest.shard)) {
    throw new Error('params, engine, shard, units or totalUnits missing');
  }
  return manifest;
}

export async function writeManifest(lakeRoot: string, manifest: LakeManifest): Promise<void> {
  manifest.updatedAt = new Date().toISOString();
  manifest.complete = Object.keys(manifest.units).length >= manifest.totalUnits;
  await writeFileAtomic(path.join(lakeRoot, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first part of the engine's identity that differs, or null when they match. */
export function differingEngine(a: EngineIdentity, b: EngineIdentity): { name: keyof EngineIdentity; lake: string; requested: string } | null {
  for (const name of ['bundle', 'node', 'v8'] as const) {
    if (a[name] !== b[name]) return { name, lake: a[name], requested: b[name] };
  }
  return null;
}

/** The first parameter whose value differs, with both values, or null when they match. */
export function differingParam(a: ManifestParams, b: ManifestParams): { name: keyof ManifestParams; setting: string; lake: string; requested: string } | null {
  for (const key of Object.keys(a) as (keyof ManifestParams)[]) {
    const difference = firstDifference(a[key], b[key], key);
    if (difference) return { name: key, ...difference };
  }
  return null;
}

/** The dotted path of the first leaf that differs, so a changed config names the one setting. */
function firstDifference(a: unknown, b: unknown, where: string): { setting: string; lake: string; requested: string } | null {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const difference = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${where}.${key}`);
      if (difference) return difference;
    }
    return null;
  }
  const lake = JSON.stringify(a) ?? 'absent';
  const requested = JSON.stringify(b) ?? 'absent';
  return lake === requested ? null : { setting: where, lake, requested };
}
