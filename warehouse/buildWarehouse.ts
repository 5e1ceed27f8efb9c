import type { DuckDBConnection } from '@duckdb/node-api';
import { SprintError } from '../common/errors.js';
import { EVENT_TABLES, LAKE_TABLES } from '../partitions/layout.js';
import type { EventTable } from '../partitions/layout.js';
import { saveBuildState } from './buildState.js';
import { CATEGORY_INFO_KEY, categoryMembers, parseCategoryMembers, serializeCategoryMembers } from './categoryColumns.js';
import { checkLakeFiles, findUnreadableFile, lakeReadError } from './checkLakeFiles.js';
import { queryRows, quoteIdent } from './connection.js';
import { genericTests, relationshipParentColumns, runDataTests, singularTestFingerprints, singularTestKey, singularTests } from './dataTests.js';
import type { DataTestResult, SingularScope, TestScope } from './dataTests.js';
import { changedPartitions, fileIdentity, keyOf } from './lakeChanges.js';
import { listLake, partitionDates } from './lakeFiles.js';
import type { LakeListing } from './lakeFiles.js';
import { DIGEST_SCHEMA, DIGEST_TABLES } from './heartbeatDigest/digestTables.js';
import { digestBundle, digestFingerprints, updateHeartbeatDigest } from './heartbeatDigest/updateHeartbeatDigest.js';
import type { DigestResult } from './heartbeatDigest/updateHeartbeatDigest.js';
import { fingerprintModels, rowsUnchanged } from './modelFingerprint.js';
import type { ModelDefinition } from './modelFile.js';
import { loadModels } from './modelGraph.js';
import { createRawViews, RAW_SCHEMA, RAW_VIEW_NAMES, rawViewFingerprint } from './rawViews.js';
import { redoneKeysTable, removedKeysTable, runModels } from './runModels.js';
import type { ModelResult } from './runModels.js';
import { lockWarehouse } from './warehouseLock.js';
import { openBuildTarget } from './targetWarehouse.js';

export interface BuildOptions {
  lake: string;
  db: string;
  memoryLimit?: string;
  threads?: number;
  encounterThreshold: number;
  encounterCooldown: number;
  /** Ignore what the last build did and rebuild every model from the whole lake. */
  fullRefresh?: boolean;
}

export interface BuildEvents {
  onStart?(info: { lake: LakeListing; models: number; changedPartitions: number; incremental: boolean }): void;
  onModel?(result: ModelResult, index: number, total: number): void;
  onPartition?(model: ModelDefinition, done: number, total: number): void;
  /** Called as each heartbeat file of the digest is done (for a progress bar). */
  onDigest?(done: number, total: number): void;
  onTest?(result: DataTestResult): void;
}

export interface BuildSummary {
  models: ModelResult[];
  tests: DataTestResult[];
  seconds: number;
  changedPartitions: number;
  /** Heartbeat rows in the partitions this build (re)read. */
  heartbeatRows: number;
  /** The heartbeat digest, updated before the models: the partitions it redid, and how long it took. */
  digest: { partitions: string[]; fullRefresh: boolean; seconds: number };
}

/**
 * Builds the warehouse of CONTRACT §2 from a lake: raw views over the lake's globs, the models in
 * dependency order (incremental ones only for the date partitions whose files changed), then the
 * data tests. Its work becomes the warehouse at --db only when everything passed (BuildTarget).
 */
export async function buildWarehouse(options: BuildOptions, events: BuildEvents = {}): Promise<BuildSummary> {
  const release = await lockWarehouse(options.db);
  try {
    return await buildLocked(options, events);
  } finally {
    await release();
  }
}

async function buildLocked(options: BuildOptions, events: BuildEvents): Promise<BuildSummary> {
  const started = performance.now();
  const lake = listLake(options.lake);
  const models = loadModels();
  const vars = { encounter_threshold: options.encounterThreshold, encounter_cooldown: options.encounterCooldown };
  const relations = new Map<string, string>([
    ...Object.values(RAW_VIEW_NAMES).map((view): [string, string] => [view, `${RAW_SCHEMA}.${view}`]),
    ...DIGEST_TABLES.map((table): [string, string] => [table, `${DIGEST_SCHEMA}.${table}`]),
    ...models.map((model): [string, string] => [model.name, `${model.schema}.${model.name}`]),
  ]);
  const bundle = await digestBundle();

  // A build that redoes everything writes a fresh file (see BuildTarget); one that can reuse the
  // last good warehouse patches it.
  const target = await openBuildTarget(
    options.db,
    {
      ...(options.memoryLimit !== undefined ? { memoryLimit: options.memoryLimit } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
    },
    (last) => !options.fullRefresh && last.lakeRoot === lake.root,
  );
  try {
    const { connection } = target.warehouse;
    // DuckDB's optimizer swaps a hash join's sides when it estimates the left one smaller, and its
    // estimates for the filtered tables a build has just inserted are often wrong (it once built a
    // hash table of every heartbeat that way). The models and tests are written with the larger
    // side left, the side probed; with swapping on, the dense world's models and tests ran ~10%
    // slower.
    await connection.run("SET disabled_optimizers = 'build_side_probe_side'");
    // FSST is what DuckDB's writer tries for strings too varied for a dictionary (gamertags); on
    // the dense world's full build it cost 1.5 CPU-s (0.5 s) against a warehouse file of the same
    // size within a few percent, so strings are stored in dictionaries or plain.
    await connection.run("SET disabled_compression_methods = 'fsst'");
    const previous = target.previous;
    const sameLake = previous.lakeRoot === lake.root;
    const changed = changedPartitions(sameLake ? previous.files : [], lake.files);
    const changedCount = [...changed.values()].reduce((sum, dates) => sum + dates.size, 0);
    events.onStart?.({ lake, models: models.length, changedPartitions: changedCount, incremental: previous.lakeRoot !== null && sameLake });

    const reread = lake.files.filter((file) => file.partitionDate === null || changed.get(file.table as EventTable)?.has(file.partitionDate));
    await checkLakeFiles(connection, lake.root, reread);

    // The dimension files are always reread (their footers checked), but one the last build read
    // as it is now holds no value its members lack.
    const lastRead = new Set((sameLake ? previous.files : []).map(fileIdentity));
    const newFiles = reread.filter((file) => !lastRead.has(fileIdentity(file)));
    const categories = await categoryMembers(connection, lake, newFiles, parseCategoryMembers(previous.info?.[CATEGORY_INFO_KEY]));
    const digestSources = digestFingerprints(bundle.hash, vars);
    const sourceFingerprints = new Map([
      ...LAKE_TABLES.map((table): [string, string] => [RAW_VIEW_NAMES[table], rawViewFingerprint(table, lake.files, categories)]),
      ...Object.entries(digestSources),
    ]);
    const fingerprints = fingerprintModels(models, vars, sourceFingerprints);
    for (const [table, fingerprint] of Object.entries(digestSources)) fingerprints.set(`${DIGEST_SCHEMA}.${table}`, fingerprint);
    for (const [test, fingerprint] of singularTestFingerprints(vars, fingerprints)) fingerprints.set(test, fingerprint);

    await createRawViews(connection, lake, categories);
    const digestChanged = DIGEST_TABLES.some((table) => previous.fingerprints.get(`${DIGEST_SCHEMA}.${table}`) !== fingerprints.get(`${DIGEST_SCHEMA}.${table}`));
    const digestStarted = performance.now();
    const digest = await updateHeartbeatDigest(connection, {
      root: lake.root,
      files: lake.files,
      dates: digestChanged ? 'all' : changed.get('heartbeats')!,
      vars,
      bundle: bundle.url,
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      ...(events.onDigest ? { onFile: events.onDigest } : {}),
    });
    const digestSeconds = (performance.now() - digestStarted) / 1000;
    const heartbeatRows = digest.heartbeats;
    const keysToKeep = relationshipParentColumns(models);
    const modelResults = await runModels(
      models,
      {
        connection,
        relations,
        vars,
        lake,
        categories,
        autocommit: !target.inTransaction,
        lakePartitions: new Map(EVENT_TABLES.map((table) => [table, partitionDates(lake.files, table)])),
        changed,
        fingerprints,
        previousFingerprints: previous.fingerprints,
        keysToKeep,
        ...(events.onPartition ? { onPartition: events.onPartition } : {}),
      },
      (result) => events.onModel?.(result, models.indexOf(result.model) + 1, models.length),
    );
    const failed = modelResults.find((result) => result.status === 'failed');
    if (failed) {
      await target.recover();
      throw (
        lakeReadError(failed.error) ??
        (await findUnreadableFile(connection, lake.root, reread)) ??
        new SprintError(`model ${failed.model.schema}.${failed.model.name} failed: ${firstLine(failed.error)}; the last good warehouse ${options.db} is unchanged`, {
          cause: failed.error,
        })
      );
    }
    await dropRetiredModels(connection, models);
    await saveBuildState(connection, {
      lakeRoot: lake.root,
      files: lake.files,
      fingerprints,
      info: {
        // The report re-runs the data tests, which must use the build's own settings.
        encounter_threshold: String(options.encounterThreshold),
        encounter_cooldown: String(options.encounterCooldown),
        lake_complete: String(lake.manifest?.complete !== false),
        [CATEGORY_INFO_KEY]: serializeCategoryMembers(categories),
      },
    });

    const renderContext = { relations, vars };
    const incrementalBuild = previous.lakeRoot !== null && sameLake;
    const scopes = incrementalBuild ? testScopes(models, modelResults, fingerprints, previous.fingerprints, digest, keysToKeep) : new Map<string, TestScope>();
    // Over a partial lake some singular tests excused rows at its last date; those must be seen again.
    const excusedFrom = previous.info?.lake_complete === 'false' ? lastDate(previous.files) : null;
    const singularScope = incrementalBuild ? singularTestScope(models, scopes, fingerprints, previous.fingerprints, excusedFrom) : undefined;
    const tests = [...genericTests(models, renderContext, scopes), ...singularTests(renderContext, undefined, singularScope)];
    const testResults = await runDataTests(connection, tests, events.onTest);
    const broken = testResults.filter((result) => result.status !== 'passed');
    if (broken.length > 0) {
      const partial = lake.manifest?.complete === false ? '; the lake is partial, so facts may refer to players of shards not written yet' : '';
      throw new SprintError(`${broken.length} of ${tests.length} data tests failed (listed above)${partial}; the last good warehouse ${options.db} is unchanged`);
    }

    await target.publish();
    return {
      models: modelResults,
      tests: testResults,
      seconds: (performance.now() - started) / 1000,
      changedPartitions: changedCount,
      heartbeatRows,
      digest: { partitions: digest.partitions, fullRefresh: digest.fullRefresh, seconds: digestSeconds },
    };
  } catch (error) {
    await target.abandon();
    throw lakeReadError(error) ?? error;
  }
}

/**
 * The generic tests of a patched incremental model need look only at its redone partitions (see
 * TestScope), and so do those of a view over a digest table patched by partition: its rows are the
 * digest's, whose partitions not redone are the last build's. Those of a table kept unchanged need
 * look at nothing. A relationships test may trust a parent whose rows cannot have changed.
 */
function testScopes(
  models: readonly ModelDefinition[],
  results: readonly ModelResult[],
  fingerprints: ReadonlyMap<string, string>,
  previousFingerprints: ReadonlyMap<string, string>,
  digest: DigestResult,
  keptKeys: ReadonlyMap<string, readonly string[]>,
): Map<string, TestScope> {
  const unchangedParents = new Set(models.filter((model) => rowsUnchanged(model, fingerprints, previousFingerprints)).map((model) => model.name));
  // The parents patched by partition, whose removed values runModels kept.
  const removedParentKeys = new Map<string, string>();
  for (const result of results) {
    const patched = (result.partitions && !result.partitions.fullRefresh) || (result.keys && !result.keys.fullRefresh);
    if (result.model.materialized !== 'incremental' || !patched) continue;
    for (const column of keptKeys.get(result.model.name) ?? []) removedParentKeys.set(`${result.model.name}.${column}`, removedKeysTable(result.model.name, column));
  }
  const scopes = new Map<string, TestScope>();
  for (const result of results) {
    const { model } = result;
    // Its rows are the last build's, which passed these same tests (its header is in its fingerprint).
    if (result.status === 'unchanged') scopes.set(model.name, { column: null, keys: [], unchangedParents, removedParentKeys });
    if (model.materialized === 'incremental' && result.partitions && !result.partitions.fullRefresh) {
      scopes.set(model.name, { column: model.partitionBy!, keys: result.redoneKeys ?? [], unchangedParents, removedParentKeys });
    }
    if (result.keys && !result.keys.fullRefresh) {
      const keysTable = { table: redoneKeysTable(model.name), count: result.keys.done };
      scopes.set(model.name, { column: model.uniqueKey!, keys: [], keysTable, unchangedParents, removedParentKeys });
    }
    // modelFile allows partition_by on a view only over one digest table; the fingerprint covers its SQL, tests and digest.
    if (model.materialized === 'view' && model.partitionBy && !digest.fullRefresh && fingerprints.get(model.name) === previousFingerprints.get(model.name)) {
      scopes.set(model.name, { column: model.partitionBy, keys: digest.partitions, unchangedParents, removedParentKeys });
    }
  }
  return scopes;
}

/**
 * Where the singular tests may begin to look (SingularScope): for a model scoped above, the first
 * key it redid, and no later than the last build's last date when its lake was partial: a test
 * excused rows there (sessions still running at the lake's end) that it must now check.
 */
function singularTestScope(
  models: readonly ModelDefinition[],
  scopes: ReadonlyMap<string, TestScope>,
  fingerprints: ReadonlyMap<string, string>,
  previousFingerprints: ReadonlyMap<string, string>,
  excusedFrom: string | null,
): SingularScope {
  const since = new Map<string, string | null>();
  for (const model of models) {
    const scope = scopes.get(model.name);
    // A model kept by key changed rows at any date: the tests that read it look at all of them.
    if (!scope || scope.keysTable) continue;
    if (scope.column === null) {
      since.set(model.name, null);
      continue;
    }
    const first = [...scope.keys].sort()[0];
    const candidates = [first ?? null, excusedFrom === null ? null : keyOf(excusedFrom, model.partitionGrain)];
    since.set(model.name, candidates.filter((key): key is string => key !== null).sort()[0] ?? null);
  }
  const unchangedTests = new Set(
    [...fingerprints].filter(([key, fingerprint]) => key.startsWith(singularTestKey('')) && previousFingerprints.get(key) === fingerprint).map(([key]) => key.slice(singularTestKey('').length)),
  );
  return { since, unchangedTests };
}

function lastDate(files: readonly { partitionDate: string | null }[]): string | null {
  return files.map((file) => file.partitionDate).filter((date): date is string => date !== null).sort().at(-1) ?? null;
}

/** A model file that was deleted or renamed must not leave its old table behind. */
async function dropRetiredModels(connection: DuckDBConnection, models: readonly ModelDefinition[]): Promise<void> {
  const current = new Set(models.map((model) => `${model.schema}.${model.name}`));
  const schemas = [...new Set(models.map((model) => model.schema))];
  const relations = await queryRows(
    connection,
    `SELECT schema_name, table_name AS name, 'TABLE' AS kind FROM duckdb_tables() WHERE database_name = current_database()
     UNION ALL
     SELECT schema_name, view_name, 'VIEW' FROM duckdb_views() WHERE database_name = current_database() AND NOT internal`,
  );
  for (const { schema_name, name, kind } of relations) {
    if (!schemas.includes(schema_name as string) || current.has(`${schema_name}.${name}`)) continue;
    await connection.run(`DROP ${kind as string} ${quoteIdent(schema_name as string)}.${quoteIdent(name as string)}`);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
