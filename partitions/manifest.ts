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
export const MANIFEST_FORMAT = 'sprint-lake/1';

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
  params: ManifestParams;
  /** Units of the whole (unsharded) plan, so any shard's writer can tell when the lake is whole. */
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
  if (manifest?.format !== MANIFEST_FORMAT) throw new Error(`unknown manifest format '${String(manifest?.format)}'`);
  // Checked here so that a damaged manifest is reported as such, not as a TypeError deep in resume.
  if (!isObject(manifest.params) || !isObject(manifest.units) || typeof manifest.totalUnits !== 'number') throw new Error('params, units or totalUnits missing');
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
