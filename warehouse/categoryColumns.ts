import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { LakeTable } from '../partitions/layout.js';
import { queryRows, sqlString } from './connection.js';
import type { LakeFile } from './lakeFiles.js';

/**
 * The lake's low-cardinality string columns, by table. The raw views read each as an ENUM whose
 * members are the values the lake holds, sorted as DuckDB sorts strings, so it compares, sorts,
 * groups and joins as the VARCHAR would, while a table stores it in a byte or two a row instead
 * of a dictionary of strings. On the dense world's full build fact_session took 1.0 s with them
 * as VARCHAR and 0.61 s as ENUMs, dim_players 0.90 and 0.59, fact_signon 0.54 and 0.32.
 *
 * A column's name is its category: `country` is one type in every table that has it, so the
 * tables join on it without casts. The other strings of transactions and products stay VARCHAR:
 * they are small, and their SKUs and names are the product catalogue's, not a closed set.
 */
export const CATEGORY_COLUMNS: Readonly<Record<LakeTable, readonly string[]>> = {
  players: ['country', 'platform', 'archetype', 'spender_segment', 'region', 'language', 'age_band', 'device', 'acquisition_channel'],
  sessions: ['country', 'region', 'platform', 'game_mode'],
  signons: ['country', 'platform'],
  transactions: ['country'],
  products: [],
  heartbeats: [],
};

/** Each category's values, sorted as DuckDB sorts strings (byte order). */
export type CategoryMembers = ReadonlyMap<string, readonly string[]>;

/**
 * The members each category needs: the values in `newFiles` (those the last build did not read as
 * they are now), and the last build's members, which cover the files it read (so an incremental
 * build reads only its new files, and members only grow until a build that redoes everything). A table whose categories the
 * last build did not record (a warehouse of an older version) has all its files read. A category
 * whose members change gets a new type, which changes the fingerprints of the raw views that cast
 * to it, and so rebuilds what reads them.
 */
export async function categoryMembers(
  connection: DuckDBConnection,
  lake: { root: string; files: readonly LakeFile[] },
  newFiles: readonly LakeFile[],
  previous: CategoryMembers,
): Promise<CategoryMembers> {
  const members = new Map([...previous].map(([category, values]): [string, Set<string>] => [category, new Set(values)]));
  for (const [table, columns] of Object.entries(CATEGORY_COLUMNS) as [LakeTable, readonly string[]][]) {
    const recorded = columns.every((column) => previous.has(column));
    const files = (recorded ? newFiles : lake.files).filter((file) => file.table === table);
    for (const column of columns) if (!members.has(column)) members.set(column, new Set());
    if (columns.length === 0 || files.length === 0) continue;
    const list = `[${files.map((file) => sqlString(path.join(lake.root, file.path))).join(', ')}]`;
    const [row] = await queryRows(
      connection,
      `SELECT ${columns.map((column) => `list(DISTINCT ${column}) FILTER (WHERE ${column} IS NOT NULL) AS ${column}`).join(', ')} FROM read_parquet(${list})`,
    );
    for (const column of columns) for (const value of (row![column] as string[] | null) ?? []) members.get(column)!.add(value);
  }
  return new Map([...members].map(([category, values]): [string, string[]] => [category, [...values].sort(byBytes)]));
}

function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The type a raw view casts a category to: its ENUM, or VARCHAR while the lake holds none of its values. */
export function categoryType(members: readonly string[] | undefined): string {
  return members && members.length > 0 ? `ENUM(${members.map(sqlString).join(', ')})` : 'VARCHAR';
}

/** The sprint_meta.build_info key the members are kept under, for the next build. */
export const CATEGORY_INFO_KEY = 'category_members';

/**
 * How the members are kept in build_info: a JSON object of sorted arrays, with the columns they
 * were read from, so that a build whose CATEGORY_COLUMNS differ does not trust them.
 */
export function serializeCategoryMembers(members: CategoryMembers): string {
  return JSON.stringify({ columns: categorySignature(), members: Object.fromEntries([...members].sort(([a], [b]) => byBytes(a, b))) });
}

/** The last build's members, or none when it recorded none or read other columns. */
export function parseCategoryMembers(text: string | undefined): CategoryMembers {
  if (!text) return new Map();
  const recorded = JSON.parse(text) as { columns?: string; members?: Record<string, string[]> };
  if (recorded.columns !== categorySignature() || !recorded.members) return new Map();
  return new Map(Object.entries(recorded.members));
}

function categorySignature(): string {
  return Object.entries(CATEGORY_COLUMNS)
    .flatMap(([table, columns]) => columns.map((column) => `${table}.${column}`))
    .join(',');
}
