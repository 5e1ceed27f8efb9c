import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Piscina } from 'piscina';
import { SprintError } from '../../common/errors.js';
import { workerBundle } from '../../common/workerBundle.js';
import { queryNumber } from '../connection.js';
import type { LakeFile } from '../lakeFiles.js';
import { renderSql } from '../renderSql.js';
import { RowGroupAppender } from './appendColumns.js';
import { DIGEST_COLUMNS as COLUMNS, DIGEST_SCHEMA, DIGEST_TABLES, digestColumnTypes, digestColumnsSql } from './digestTables.js';
import type { DigestTable } from './digestTables.js';
import type { FileDigest, FilePart } from './digestHeartbeatFile.js';
import type { DigestTask } from './digestTask.js';

const ENTRY = 'warehouse/heartbeatDigest/digestTask.ts';

/** The digest's worker code, bundled once per build: its hash fingerprints the digest, its file runs the pool. */
export function digestBundle(): Promise<{ url: URL; hash: string }> {
  return workerBundle(ENTRY);
}

/**
 * What the digest's rows depend on besides the heartbeat files: its code (the content hash of
 * the worker bundle), its tables' column types and, for the close ticks, the encounter threshold.
 * Models that read a digest table carry this in their fingerprints, and a digest whose
 * fingerprint changed is redone whole (so a warehouse whose digest tables have older column types
 * gets new tables, not rows appended to the old ones).
 */
export function digestFingerprints(bundleHash: string, vars: Readonly<Record<string, number>>): Record<DigestTable, string> {
  const of = (table: DigestTable) => `digest ${bundleHash} (${digestColumnsSql(table)})`;
  return { session_beats: of('session_beats'), close_ticks: `${of('close_ticks')} threshold ${vars.encounter_threshold}` };
}

export interface DigestUpdate {
  root: string;
  files: readonly LakeFile[];
  /** Heartbeat partitions to redo; `all` rebuilds the digest from every heartbeat file. */
  dates: ReadonlySet<string> | 'all';
  vars: Readonly<Record<string, number>>;
  /** The worker bundle of digestBundle(). */
  bundle: URL;
  threads?: number;
  onFile?: (done: number, total: number) => void;
}

export interface DigestResult {
  /** The heartbeat partitions digested, in date order. */
  partitions: string[];
  fullRefresh: boolean;
  heartbeats: number;
}

/**
 * Keeps the heartbeat digest (see MODELS.md) up to date inside the build's transaction: the rows
 * of the partitions to redo are deleted, and their heartbeat files are digested by a pool of
 * worker threads, a file (or a part of a large one) per task, each task's rows appended as it
 * completes.
 */
export async function updateHeartbeatDigest(connection: DuckDBConnection, update: DigestUpdate): Promise<DigestResult> {
  const heartbeatFiles = update.files.filter(
    (file) => file.table === 'heartbeats' && file.partitionDate !== null && (update.dates === 'all' || update.dates.has(file.partitionDate)),
  );
  refuseSplitPartitions(heartbeatFiles);
  await connection.run(`CREATE SCHEMA IF NOT EXISTS ${DIGEST_SCHEMA}`);
  for (const table of DIGEST_TABLES) {
    const create = update.dates === 'all' ? 'CREATE OR REPLACE TABLE' : 'CREATE TABLE IF NOT EXISTS';
    await connection.run(`${create} ${DIGEST_SCHEMA}.${table} (${digestColumnsSql(table)})`);
  }
  const dates = update.dates === 'all' ? [] : [...update.dates];
  if (dates.length > 0) {
    const list = dates.map((date) => `DATE '${date}'`).join(', ');
    for (const table of DIGEST_TABLES) await connection.run(`DELETE FROM ${DIGEST_SCHEMA}.${table} WHERE partition_date IN (${list})`);
  }
  const result = { partitions: heartbeatFiles.map((file) => file.partitionDate!).sort(), fullRefresh: update.dates === 'all', heartbeats: 0 };
  if (heartbeatFiles.length === 0) return result;

  const thresholdSquared = await queryNumber(
    connection,
    renderSql("SELECT CAST({{ var('encounter_threshold') }} * {{ var('encounter_threshold') }} AS DOUBLE)", { relations: new Map(), vars: update.vars }, 'the heartbeat digest'),
  );
  // Teams whose centroids are farther apart in x alone than this cannot be within the threshold;
  // the 0.1% keeps rounding in the subtraction from ever dropping a pair.
  const pruneDistance = (update.vars.encounter_threshold ?? 0) * 1.001;

  // Latest dates first. Rows are appended as files finish, so each row group of the tables then
  // holds neighbouring dates (and sessions, whose ids grow with their day), and a filter on
  // partition_date or session_id skips the others; in size order every row group held dates from
  // the whole history. A world grows, so its latest files are its largest and the pool's last
  // tasks are short, as largest-first had them (the dense world's digest: 7.4–7.7 s either way).
  const latestFirst = [...heartbeatFiles].sort((a, b) => b.partitionDate!.localeCompare(a.partitionDate!));
  const threads = Math.max(1, update.threads ?? availableParallelism());
  const tasks = digestTasks(latestFirst, threads);
  const poolThreads = Math.min(threads, tasks.length);
  const pool = new Piscina<DigestTask, FileDigest>({
    filename: update.bundle.href,
    minThreads: poolThreads,
    maxThreads: poolThreads,
    // The bundle is plain JavaScript: workers need none of the parent's loaders (tsx).
    execArgv: [],
  });
  const appenders = {
    session_beats: new RowGroupAppender(await connection.createAppender('session_beats', DIGEST_SCHEMA), digestColumnTypes('session_beats')),
    close_ticks: new RowGroupAppender(await connection.createAppender('close_ticks', DIGEST_SCHEMA), digestColumnTypes('close_ticks')),
  };
  let done = 0;
  const partsLeft = new Map(tasks.map(({ file, part }) => [file, part.count]));
  try {
    await Promise.all(
      tasks.map(async ({ file, part }) => {
        const absolute = path.join(update.root, file.path);
        let digest: FileDigest;
        try {
          digest = await pool.run({ file: absolute, part, thresholdSquared, pruneDistance });
        } catch (error) {
          throw digestError(absolute, error);
        }
        // Appends run on this thread one file at a time, between the workers' results.
        for (const table of DIGEST_TABLES) {
          const columns = digest[table] as Record<string, Float64Array>;
          appenders[table].append(COLUMNS[table].map((name) => columns[name]!), file.partitionDate!);
        }
        result.heartbeats += digest.heartbeats;
        partsLeft.set(file, partsLeft.get(file)! - 1);
        if (partsLeft.get(file) === 0) update.onFile?.(++done, heartbeatFiles.length);
      }),
    );
    for (const appender of Object.values(appenders)) appender.flushSync();
  } finally {
    for (const appender of Object.values(appenders)) appender.closeSync();
    await pool.destroy();
  }
  return result;
}

/**
 * Each file as one task, or, where it outweighs a thread's share of all the files' bytes, as that
 * many parts of its row groups: a one-day append digests its new day beside the small file of the
 * day after, and on its own the new day would keep one thread busy while the other idles (on a
 * full-scale day of 23M heartbeats, 2.6 s at 116% CPU). A part costs one row group more decoded,
 * to finish its last session, so a build of many files of like size keeps them whole.
 */
function digestTasks(files: readonly LakeFile[], threads: number): { file: LakeFile; part: FilePart }[] {
  const share = files.reduce((sum, file) => sum + file.bytes, 0) / threads;
  return files.flatMap((file) => {
    const count = share > 0 ? Math.max(1, Math.ceil(file.bytes / share)) : 1;
    return Array.from({ length: count }, (_, index) => ({ file, part: { index, count } }));
  });
}

/**
 * The digest needs a session's heartbeats of a date in one file (the centroid of a team at a tick
 * sums its players' beats); the lake writes one file per date partition, so more than one means
 * a lake from an older engine.
 */
function refuseSplitPartitions(files: readonly LakeFile[]): void {
  const perDate = new Map<string, number>();
  for (const file of files) perDate.set(file.partitionDate!, (perDate.get(file.partitionDate!) ?? 0) + 1);
  const split = [...perDate].find(([, count]) => count > 1);
  if (split) {
    throw new SprintError(
      `heartbeats/date=${split[0]} has ${split[1]} files, and the warehouse reads a lake with one heartbeat file per date (sprint-lake/3); rewrite the lake with this version of \`npm run simulate\``,
    );
  }
}

/** The worker's own words when it names the file (damaged, or out of order); a wasm trap is a damaged file; otherwise what failed. */
function digestError(file: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('lake file ')) return new SprintError(message.split('\n')[0]!, { cause: error });
  // A page parquet-wasm cannot decode can trap inside its wasm (a panic), out of reach of the
  // worker's own try: it arrives as the WebAssembly RuntimeError that ended the worker.
  if (error instanceof Error && error.name === 'RuntimeError') {
    return new SprintError(`lake file ${file} is truncated or corrupt (${message.split('\n')[0]}); delete it and rerun \`npm run simulate -- --resume\` to rewrite it`, { cause: error });
  }
  return new SprintError(`the heartbeat digest of ${file} failed: ${message.split('\n')[0]}`, { cause: error });
}
