import path from 'node:path';

/**
 * Where every table of the lake lives (CONTRACT §1). Event tables are Hive-partitioned by the UTC
 * date of `event_datetime`; dimensions are flat folders. File names carry the work unit that wrote
 * them, so two shards never write the same path and a resumed run overwrites only its own files.
 */

export const EVENT_TABLES = ['signons', 'sessions', 'transactions', 'heartbeats'] as const;
export type EventTable = (typeof EVENT_TABLES)[number];

export const DIMENSION_TABLES = ['players', 'products'] as const;
export type DimensionTable = (typeof DIMENSION_TABLES)[number];

export function isDimensionTable(table: string): table is DimensionTable {
  return (DIMENSION_TABLES as readonly string[]).includes(table);
}

export type LakeTable = EventTable | DimensionTable;
export const LAKE_TABLES: readonly LakeTable[] = [...DIMENSION_TABLES, ...EVENT_TABLES];

export const MANIFEST_FILE = '_manifest.json';
export const LOCK_FILE = '_lock';
/** Written once every unit of the lake is there and checked: what readers wait for (as Spark's jobs write it). */
export const SUCCESS_FILE = '_SUCCESS';
/** Where each shard of a lake written by N machines keeps its own manifest and lock. */
export const SHARDS_FOLDER = '_shards';

/** The folder holding a run's manifest and lock: the lake itself, or its shard's folder under `_shards/`. */
export function manifestFolder(lakeRoot: string, shard: { index: number; count: number }): string {
  return shard.count === 1 ? lakeRoot : path.join(lakeRoot, SHARDS_FOLDER, shardFolderName(shard));
}

export function shardFolderName(shard: { index: number; count: number }): string {
  return `${shard.index}-of-${shard.count}`;
}

/** `YYYY-MM-DD` of a UTC day number (days since 1970-01-01). */
export function isoDate(epochDay: number): string {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}

/** The path, relative to the lake root, of one event file. */
export function eventFilePath(table: EventTable, epochDay: number, unitName: string): string {
  return path.posix.join(table, `date=${isoDate(epochDay)}`, `part-${unitName}.parquet`);
}

/** The path, relative to the lake root, of one dimension file. */
export function dimensionFilePath(table: DimensionTable, unitName: string): string {
  return path.posix.join(table, `part-${unitName}.parquet`);
}

/** The glob a reader uses for a table: DuckDB, Spark and Trino all accept it. */
export function tableGlob(lakeRoot: string, table: LakeTable): string {
  const isEvent = (EVENT_TABLES as readonly string[]).includes(table);
  return path.join(lakeRoot, table, isEvent ? '*/*.parquet' : '*.parquet');
}
