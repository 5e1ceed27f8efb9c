import { createHash } from 'node:crypto';
import type { ModelDefinition } from './modelFile.js';
import { varsUsed } from './renderSql.js';

/**
 * A hash of everything a model's rows depend on besides the lake's data: its SQL, the vars it
 * uses, the raw views it reads and, recursively, the models it refers to. When it differs from the
 * last build's, an incremental model is rebuilt from scratch instead of patched partition by
 * partition, so a new --encounter-threshold or an edited model never mixes with old rows.
 */
export function fingerprintModels(
  models: readonly ModelDefinition[],
  vars: Readonly<Record<string, number>>,
  rawViewSql: ReadonlyMap<string, string>,
): Map<string, string> {
  const fingerprints = new Map<string, string>();
  for (const model of models) {
    const hash = createHash('sha256');
    hash.update(model.text);
    for (const name of varsUsed(model.text)) hash.update(`\0var ${name}=${vars[name]}`);
    for (const source of [...model.sources].sort()) hash.update(`\0source ${rawViewSql.get(source) ?? ''}`);
    for (const ref of [...model.refs].sort()) hash.update(`\0ref ${fingerprints.get(ref) ?? ''}`);
    fingerprints.set(model.name, hash.digest('hex').slice(0, 16));
  }
  return fingerprints;
}

/**
 * Whether a model's rows cannot have changed since the last build: it reads no event table,
 * directly or through the models it refers to, so its rows follow from its SQL and the dimension
 * files, which its fingerprint covers, and that fingerprint is the last build's.
 */
export function rowsUnchanged(model: ModelDefinition, fingerprints: ReadonlyMap<string, string>, previousFingerprints: ReadonlyMap<string, string>): boolean {
  const fingerprint = fingerprints.get(model.name);
  return model.sourcePartitions.length === 0 && fingerprint !== undefined && fingerprint === previousFingerprints.get(model.name);
}
