import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SprintError } from '../common/errors.js';
import { EVENT_TABLES, LAKE_TABLES } from '../partitions/layout.js';
import type { EventTable } from '../partitions/layout.js';
import { DIGEST_TABLES } from './heartbeatDigest/digestTables.js';
import { RAW_VIEW_NAMES } from './rawViews.js';
import { readModelFile } from './modelFile.js';
import type { ModelDefinition } from './modelFile.js';

export const MODELS_DIR = fileURLToPath(new URL('./models', import.meta.url));

/** Layers in the order a reader follows them; a schema folder not listed comes last. */
const SCHEMA_ORDER = ['sprint_dim', 'sprint_stage', 'sprint_mart'];

/**
 * Reads every model under `models/<schema>/` and orders them so each runs after the models it
 * refers to. Ties keep a stable order (by layer, then name) so two builds print alike.
 */
export function loadModels(modelsDir: string = MODELS_DIR): ModelDefinition[] {
  const models: ModelDefinition[] = [];
  const layer = (schema: string) => (SCHEMA_ORDER.includes(schema) ? SCHEMA_ORDER.indexOf(schema) : SCHEMA_ORDER.length);
  const schemas = fs.readdirSync(modelsDir).sort((a, b) => layer(a) - layer(b) || a.localeCompare(b));
  for (const schema of schemas) {
    const dir = path.join(modelsDir, schema);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.sql')).sort()) {
      models.push(readModelFile(path.join(dir, file)));
    }
  }
  return orderByDependencies(models);
}

export function orderByDependencies(models: readonly ModelDefinition[]): ModelDefinition[] {
  const byName = new Map(models.map((model) => [model.name, model]));
  for (const model of models) {
    for (const ref of model.refs) {
      if (!byName.has(ref)) throw new SprintError(`model ${model.file} refers to unknown model "${ref}"`);
    }
  }
  const ordered: ModelDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (model: ModelDefinition, chain: string[]): void => {
    const seen = state.get(model.name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new SprintError(`models refer to each other in a cycle: ${[...chain, model.name].join(' -> ')}`);
    state.set(model.name, 'visiting');
    for (const ref of model.refs) visit(byName.get(ref)!, [...chain, model.name]);
    state.set(model.name, 'done');
    model.sourcePartitions = eventTablesRead(model, byName);
    if (model.uniqueKey) refuseUntrackedInputs(model, byName);
    ordered.push(model);
  };
  for (const model of models) visit(model, []);
  return ordered;
}

const TABLE_OF_VIEW = new Map<string, string>([
  ...LAKE_TABLES.map((table): [string, string] => [RAW_VIEW_NAMES[table], table]),
  // The digest's tables follow the heartbeat partitions they were digested from.
  ...DIGEST_TABLES.map((table): [string, string] => [table, 'heartbeats']),
]);

/**
 * The event tables whose date partitions a model's rows follow: those it reads through source(),
 * and those of every model it refers to (already ordered before it). Derived from the SQL, so a
 * new ref() can never be forgotten in a hand-kept list.
 */
function eventTablesRead(model: ModelDefinition, byName: ReadonlyMap<string, ModelDefinition>): EventTable[] {
  const tables = new Set<EventTable>();
  for (const source of model.sources) {
    const table = TABLE_OF_VIEW.get(source);
    if (table && (EVENT_TABLES as readonly string[]).includes(table)) tables.add(table as EventTable);
  }
  for (const ref of model.refs) for (const table of byName.get(ref)!.sourcePartitions) tables.add(table);
  return EVENT_TABLES.filter((table) => tables.has(table));
}

/**
 * A model kept by key learns which keys to redo from its parents' patches: the key values in the
 * partitions they redid, before and after. So every input whose rows follow the lake's events must
 * be a model patched by partition; a raw view, a digest table or a model rebuilt whole each time
 * would change rows without saying which keys. Inputs that read no event table (the dimensions)
 * change only with their files, which changes the model's fingerprint and rebuilds it whole.
 */
function refuseUntrackedInputs(model: ModelDefinition, byName: ReadonlyMap<string, ModelDefinition>): void {
  const direct = model.sources.find((source) => (EVENT_TABLES as readonly string[]).includes(TABLE_OF_VIEW.get(source) ?? ''));
  if (direct) throw new SprintError(`model ${model.file}: a model with unique_key reads events only through incremental models with partition_by, not source('${direct}')`);
  for (const ref of model.refs) {
    const parent = byName.get(ref)!;
    if (parent.sourcePartitions.length > 0 && !(parent.materialized === 'incremental' && parent.partitionBy)) {
      throw new SprintError(`model ${model.file}: a model with unique_key reads events only through incremental models with partition_by, and ${ref} is not one`);
    }
  }
}

/** The parents whose patches say which keys a model kept by key redoes: those that read events. */
export function keyParents(model: ModelDefinition, models: readonly ModelDefinition[]): ModelDefinition[] {
  return model.refs.map((ref) => models.find((candidate) => candidate.name === ref)!).filter((parent) => parent.sourcePartitions.length > 0);
}

/** Per model, the key columns of the models kept by key that read it: what its patches must keep of the rows they delete. */
export function keyColumnsOfChildren(models: readonly ModelDefinition[]): Map<string, string[]> {
  const columns = new Map<string, string[]>();
  for (const model of models) {
    if (!model.uniqueKey) continue;
    for (const parent of keyParents(model, models)) {
      const kept = columns.get(parent.name) ?? [];
      if (!kept.includes(model.uniqueKey)) kept.push(model.uniqueKey);
      columns.set(parent.name, kept);
    }
  }
  return columns;
}
