import type { DuckDBConnection } from '@duckdb/node-api';
import { LAKE_TABLES } from '../partitions/layout.js';
import type { EventTable } from '../partitions/layout.js';
import { ROW_GROUP_ROWS } from '../partitions/writerProperties.js';
import { queryNumber, queryRows } from './connection.js';
import type { CategoryMembers } from './categoryColumns.js';
import type { LakeListing } from './lakeFiles.js';
import { affectedKeys, datesOfKey } from './lakeChanges.js';
import type { ChangedPartitions } from './lakeChanges.js';
import type { Materialization, ModelDefinition } from './modelFile.js';
import { rowsUnchanged } from './modelFingerprint.js';
import { keyColumnsOfChildren, keyParents } from './modelGraph.js';
import { RAW_VIEW_NAMES, rawViewSql } from './rawViews.js';
import { renderSql, sqlDateList } from './renderSql.js';

export interface ModelRunContext {
  connection: DuckDBConnection;
  relations: ReadonlyMap<string, string>;
  vars: Readonly<Record<string, number>>;
  /** The files the build reads: an incremental statement's source() reads only its partitions' files. */
  lake: Pick<LakeListing, 'root' | 'files'>;
  /** The members of the category columns' ENUMs, as the raw views cast them. */
  categories: CategoryMembers;
  /** Whether the connection is in autocommit mode (a fresh file): an incremental model's statements then commit as one. */
  autocommit: boolean;
  /** Every date partition the lake now holds, per event table. */
  lakePartitions: ReadonlyMap<EventTable, readonly string[]>;
  /** The date partitions whose files changed since the last build. */
  changed: ChangedPartitions;
  fingerprints: ReadonlyMap<string, string>;
  previousFingerprints: ReadonlyMap<string, string>;
  /** Called as each partition of an incremental model finishes (for a progress bar). */
  onPartition?: (model: ModelDefinition, done: number, total: number) => void;
  /**
   * Per model, the columns whose values a patch of it removes are kept (in removedKeysTable): the
   * parent columns of relationships tests, which check the old child rows of just those values.
   * The runner adds the keys of the models kept by key that read it, which redo those values.
   */
  keysToKeep?: ReadonlyMap<string, readonly string[]>;
}

/** The context as the runner passes it on: with DuckDB's thread count, which cuts statements (see statementBatches). */
type RunContext = ModelRunContext & { threads: number };

export interface ModelResult {
  model: ModelDefinition;
  materialized: Materialization;
  /** `unchanged`: a table whose rows cannot have changed since the last build, kept as it was. */
  status: 'built' | 'unchanged' | 'failed' | 'skipped';
  /** Rows in the table afterwards; null for views, which are not counted (a view over the heartbeats would scan the lake). */
  rows: number | null;
  seconds: number;
  /** Incremental models: partitions redone, and whether the table was rebuilt from scratch. */
  partitions?: { done: number; fullRefresh: boolean };
  /** Incremental models: the partition keys redone (what the data tests of a patched table look at). */
  redoneKeys?: string[];
  /** Models with unique_key: the key values redone (in redoneKeysTable), or on a full rebuild the table's rows. */
  keys?: { done: number; fullRefresh: boolean };
  error?: unknown;
}

/**
 * Builds the models in order, one result per model, the way a migrator reports migrations: a model
 * that fails stops the run and the ones after it are reported as skipped, never half-built.
 */
export async function runModels(
  models: readonly ModelDefinition[],
  context: ModelRunContext,
  report: (result: ModelResult) => void = () => {},
): Promise<ModelResult[]> {
  const results: ModelResult[] = [];
  const built = new Map<string, ModelResult>();
  const keysToKeep = new Map(context.keysToKeep);
  for (const [model, columns] of keyColumnsOfChildren(models)) keysToKeep.set(model, [...new Set([...(keysToKeep.get(model) ?? []), ...columns])]);
  const threads = await queryNumber(context.connection, "SELECT CAST(current_setting('threads') AS INTEGER)");
  const run: RunContext = { ...context, keysToKeep, threads };
  let failed = false;
  for (const model of models) {
    if (failed) {
      const skipped: ModelResult = { model, materialized: model.materialized, status: 'skipped', rows: null, seconds: 0 };
      results.push(skipped);
      report(skipped);
      continue;
    }
    const started = performance.now();
    let result: ModelResult;
    try {
      if (await isUnchangedTable(model, run)) {
        const rows = await queryNumber(run.connection, `SELECT count(*) FROM ${relation(model, run)}`);
        result = { model, materialized: model.materialized, status: 'unchanged', rows, seconds: elapsed(started) };
        results.push(result);
        report(result);
        continue;
      }
      await run.connection.run(`CREATE SCHEMA IF NOT EXISTS ${model.schema}`);
      const outcome = model.uniqueKey ? await buildKeyedModel(model, keyParents(model, models), run, built) : await buildModel(model, run);
      const rows = model.materialized === 'view' ? null : await queryNumber(run.connection, `SELECT count(*) FROM ${relation(model, run)}`);
      result = {
        model,
        materialized: model.materialized,
        status: 'built',
        rows,
        seconds: elapsed(started),
        ...(outcome && 'keys' in outcome ? { partitions: { done: outcome.keys.length, fullRefresh: outcome.fullRefresh }, redoneKeys: outcome.keys } : {}),
        ...(outcome && 'keyCount' in outcome ? { keys: { done: outcome.keyCount ?? rows!, fullRefresh: outcome.keyCount === null } } : {}),
      };
      built.set(model.name, result);
    } catch (error) {
      failed = true;
      result = { model, materialized: model.materialized, status: 'failed', rows: null, seconds: elapsed(started), error };
    }
    results.push(result);
    report(result);
  }
  return results;
}

async function buildModel(model: ModelDefinition, context: RunContext): Promise<{ keys: string[]; fullRefresh: boolean } | undefined> {
  const { connection } = context;
  const target = relation(model, context);
  const render = () => renderSql(model.text, { relations: context.relations, vars: context.vars }, model.file);

  if (model.materialized === 'view') {
    await dropIfOtherKind(connection, model, 'VIEW');
    await connection.run(`CREATE OR REPLACE VIEW ${target} AS ${render()}`);
    return undefined;
  }
  if (model.materialized === 'table') {
    await dropIfOtherKind(connection, model, 'TABLE');
    await connection.run(`CREATE OR REPLACE TABLE ${target} AS ${render()}`);
    return undefined;
  }

  const fullRefresh = await mustRebuildWhole(model, context);
  const keys = [...partitionKeys(model, context, fullRefresh)].sort();
  const renderBatch = (batch: readonly string[]) => {
    const lakePartitions = [...new Set(batch.flatMap((key) => datesOfKey(key, model.partitionGrain, model.lookaheadDays, model.lookbackDays)))].sort();
    return renderSql(model.text, { relations: batchRelations(context, lakePartitions), vars: context.vars, partitions: batch, lakePartitions }, model.file);
  };
  if (fullRefresh) {
    await dropIfOtherKind(connection, model, 'NONE');
    // LIMIT 0 over a partition that does not exist: the table's columns without reading the lake.
    await connection.run(`CREATE OR REPLACE TABLE ${target} AS SELECT * FROM (\n${renderBatch(['0001-01-01'])}\n) LIMIT 0`);
  }
  await asOneCommit(context, async () => {
    const kept = fullRefresh ? [] : context.keysToKeep?.get(model.name) ?? [];
    for (const column of kept) await connection.run(`CREATE OR REPLACE TEMP TABLE ${removedKeysTable(model.name, column)} AS SELECT ${column} AS key FROM ${target} LIMIT 0`);
    let done = 0;
    for (const batch of statementBatches(model, keys, context)) {
      const list = sqlDateList(batch);
      for (const column of kept) {
        await connection.run(`INSERT INTO ${removedKeysTable(model.name, column)} SELECT DISTINCT ${column} FROM ${target} WHERE ${model.partitionBy} IN ${list} AND ${column} IS NOT NULL`);
      }
      if (!fullRefresh) await connection.run(`DELETE FROM ${target} WHERE ${model.partitionBy} IN ${list}`);
      await connection.run(`INSERT INTO ${target} BY NAME SELECT * FROM (\n${renderBatch(batch)}\n)`);
      done += batch.length;
      context.onPartition?.(model, done, keys.length);
    }
  });
  return { keys, fullRefresh };
}

/**
 * Runs a model's statements. In autocommit mode each INSERT would commit its rows on its own,
 * through the write-ahead log and the checkpoints it triggers; in one transaction a model's row
 * groups fill across its statements and go to the file once. On the dense world's full build the
 * models took 5.1–5.2 s one way and 4.7 s the other; the final checkpoint took 0.3 s more, so
 * about 0.3 s less in all. Inside the build's own transaction (a patch) they simply run.
 */
async function asOneCommit(context: ModelRunContext, statements: () => Promise<void>): Promise<void> {
  if (!context.autocommit) return statements();
  await context.connection.run('BEGIN TRANSACTION');
  try {
    await statements();
    await context.connection.run('COMMIT');
  } catch (error) {
    await context.connection.run('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** An incremental model is rebuilt from scratch when its table is missing or its fingerprint changed. */
async function mustRebuildWhole(model: ModelDefinition, context: ModelRunContext): Promise<boolean> {
  const exists = (await relationKind(context.connection, model)) === 'TABLE';
  return !exists || context.fingerprints.get(model.name) !== context.previousFingerprints.get(model.name);
}

/**
 * Builds a model kept by key (unique_key). A patch redoes the key values its parents' patches
 * touched: those in the partitions they redid, as they are now and as they were (the values the
 * runner kept before deleting). A value in neither has the same parent rows as at the last build,
 * and so the same row here. It is rebuilt whole when it is new, when its fingerprint changed
 * (its SQL, or a dimension it reads), or when a parent was rebuilt whole, whose lost rows nobody kept.
 * Returns how many keys a patch redid; null for a full rebuild.
 */
async function buildKeyedModel(
  model: ModelDefinition,
  parents: readonly ModelDefinition[],
  context: ModelRunContext,
  built: ReadonlyMap<string, ModelResult>,
): Promise<{ keyCount: number | null }> {
  const { connection } = context;
  const target = relation(model, context);
  const key = model.uniqueKey!;
  const render = (redoneKeys: string | null) => renderSql(model.text, { relations: context.relations, vars: context.vars, redoneKeys }, model.file);
  const parentPatches = parents.map((parent) => ({ parent, partitions: built.get(parent.name)?.partitions, redone: built.get(parent.name)?.redoneKeys ?? [] }));
  const fullRefresh = (await mustRebuildWhole(model, context)) || parentPatches.some(({ partitions }) => !partitions || partitions.fullRefresh);
  if (fullRefresh) {
    await dropIfOtherKind(connection, model, 'TABLE');
    await connection.run(`CREATE OR REPLACE TABLE ${target} AS ${render(null)}`);
    return { keyCount: null };
  }

  const touched = parentPatches.flatMap(({ parent, redone }) => [
    `SELECT key FROM ${removedKeysTable(parent.name, key)}`,
    ...(redone.length > 0 ? [`SELECT ${key} FROM ${relation(parent, context)} WHERE ${parent.partitionBy} IN ${sqlDateList(redone)}`] : []),
  ]);
  const keys = redoneKeysTable(model.name);
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${keys} AS SELECT DISTINCT key FROM (${touched.join(' UNION ALL ')}) AS touched(key) WHERE key IS NOT NULL`);
  await asOneCommit(context, async () => {
    for (const column of context.keysToKeep?.get(model.name) ?? []) {
      await connection.run(
        `CREATE OR REPLACE TEMP TABLE ${removedKeysTable(model.name, column)} AS SELECT DISTINCT ${column} AS key FROM ${target} WHERE ${key} IN (SELECT key FROM ${keys}) AND ${column} IS NOT NULL`,
      );
    }
    await connection.run(`DELETE FROM ${target} WHERE ${key} IN (SELECT key FROM ${keys})`);
    await connection.run(`INSERT INTO ${target} BY NAME SELECT * FROM (\n${render(keys)}\n)`);
  });
  return { keyCount: await queryNumber(connection, `SELECT count(*) FROM ${keys}`) };
}

/** The temporary table of the key values a patch of a model with unique_key redid (one column, `key`). */
export function redoneKeysTable(model: string): string {
  return `temp.main.sprint_redone_keys_${model}`;
}

/**
 * The temporary table that holds the values of `column` in the partitions a patch of `model`
 * deleted (and then wrote again): every value the patch may have removed from it is among them.
 */
export function removedKeysTable(model: string, column: string): string {
  return `temp.main.sprint_removed_${model}__${column}`;
}

/**
 * A table whose rows cannot have changed would be rebuilt to the same rows (dim_players is 20
 * million rows at full scale), so it is kept.
 */
async function isUnchangedTable(model: ModelDefinition, context: ModelRunContext): Promise<boolean> {
  if (model.materialized !== 'table' || !rowsUnchanged(model, context.fingerprints, context.previousFingerprints)) return false;
  return (await relationKind(context.connection, model)) === 'TABLE';
}

/**
 * Cuts the keys into statements. Each statement has a fixed cost (planning, opening files, a
 * pipeline warming up) that one INSERT per day paid hundreds of times on a sparse lake, while a
 * group-by over many days builds hash tables too large for the caches and runs slower than the
 * same work day by day. DuckDB reads a Parquet file a row group at a time per thread, and the lake
 * writes row groups of up to ROW_GROUP_ROWS rows, so a statement takes consecutive keys until the
 * lake rows of their own days (the manifest's counts) would pass one row group per thread: every
 * thread has a row group to read, and each thread's share of a hash table stays about a row
 * group's. Capped at a row group in all, a statement of a day of 0.7M sessions (3 million players,
 * one row group a day) ran on one thread: fact_session took 1.83–2.01 s, against 1.06–1.17 s at
 * two row groups. A statement also takes at most the model's partitions_per_statement keys. The
 * days a model looks back or ahead to are read once per statement, whatever its keys: they do not
 * count against the cap, and the cap is at least their rows, so the re-read is at most about half
 * of what a statement reads. The heartbeats count only for a model that reads their raw view: the
 * others read the heartbeat digest, a few rows a session.
 */
function statementBatches(model: ModelDefinition, keys: readonly string[], context: RunContext): string[][] {
  const readsHeartbeats = model.sources.includes(RAW_VIEW_NAMES.heartbeats);
  const rowsByDate = new Map<string, number>();
  for (const file of context.lake.files) {
    if (file.partitionDate === null || !model.sourcePartitions.includes(file.table as EventTable)) continue;
    if (file.table === 'heartbeats' && !readsHeartbeats) continue;
    rowsByDate.set(file.partitionDate, (rowsByDate.get(file.partitionDate) ?? 0) + (file.rows ?? ROW_GROUP_ROWS));
  }
  const rowsOf = (key: string) => datesOfKey(key, model.partitionGrain, 0).reduce((sum, date) => sum + (rowsByDate.get(date) ?? 0), 0);
  // The look-back and look-ahead windows' rows at the lake's average day: what a statement re-reads at most.
  const averageDay = rowsByDate.size === 0 ? 0 : [...rowsByDate.values()].reduce((a, b) => a + b, 0) / rowsByDate.size;
  const cap = Math.max(context.threads * ROW_GROUP_ROWS, (model.lookbackDays + model.lookaheadDays) * averageDay);
  const batches: string[][] = [];
  let batch: string[] = [];
  let rows = 0;
  for (const key of keys) {
    const keyRows = rowsOf(key);
    if (batch.length > 0 && (batch.length >= model.partitionsPerStatement || rows + keyRows > cap)) {
      batches.push(batch);
      batch = [];
      rows = 0;
    }
    batch.push(key);
    rows += keyRows;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** The relations of one statement: the raw views narrowed to the files of the lake partitions it reads. */
function batchRelations(context: ModelRunContext, lakePartitions: readonly string[]): ReadonlyMap<string, string> {
  const dates = new Set(lakePartitions);
  const relations = new Map(context.relations);
  const files = context.lake.files.filter((file) => file.partitionDate === null || dates.has(file.partitionDate));
  for (const table of LAKE_TABLES) relations.set(RAW_VIEW_NAMES[table], `(${rawViewSql(context.lake.root, table, files, context.categories)})`);
  return relations;
}

/** The partition keys an incremental model redoes: all of them, or those its changed inputs touch. */
function partitionKeys(model: ModelDefinition, context: ModelRunContext, fullRefresh: boolean): Set<string> {
  const dates = new Set<string>();
  let first = '9999-12-31';
  let last = '';
  for (const table of model.sourcePartitions) {
    const source = fullRefresh ? context.lakePartitions.get(table) ?? [] : context.changed.get(table) ?? [];
    for (const date of source) dates.add(date);
    for (const date of [...(context.lakePartitions.get(table) ?? []), ...(context.changed.get(table) ?? [])]) {
      if (date < first) first = date;
      if (date > last) last = date;
    }
  }
  const keys = affectedKeys(dates, model.lookaheadDays, model.partitionGrain, model.lookbackDays);
  // A look-back reaches keys after the lake's last date, a look-ahead keys whose days all come
  // before its first (and a partition that vanished is among the changed ones): they read nothing
  // and hold no rows, and never did, so they are not redone.
  for (const key of keys) {
    const read = datesOfKey(key, model.partitionGrain, model.lookaheadDays);
    if (key > last || read.at(-1)! < first) keys.delete(key);
  }
  return keys;
}

function relation(model: ModelDefinition, context: ModelRunContext): string {
  return context.relations.get(model.name) ?? `${model.schema}.${model.name}`;
}

async function relationKind(connection: DuckDBConnection, model: ModelDefinition): Promise<'TABLE' | 'VIEW' | null> {
  const rows = await queryRows(
    connection,
    `SELECT table_type FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2 AND table_catalog = current_database()`,
    [model.schema, model.name],
  );
  const kind = rows[0]?.table_type;
  return kind === 'VIEW' ? 'VIEW' : kind === undefined ? null : 'TABLE';
}

/** A model that changed materialization must drop its old relation first: CREATE OR REPLACE cannot swap a view for a table. */
async function dropIfOtherKind(connection: DuckDBConnection, model: ModelDefinition, wanted: 'TABLE' | 'VIEW' | 'NONE'): Promise<void> {
  const kind = await relationKind(connection, model);
  if (kind === null || kind === wanted) return;
  await connection.run(`DROP ${kind} ${model.schema}.${model.name}`);
}

function elapsed(started: number): number {
  return (performance.now() - started) / 1000;
}
