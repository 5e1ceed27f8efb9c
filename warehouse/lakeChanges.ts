import { EVENT_TABLES } from '../partitions/layout.js';
import type { EventTable } from '../partitions/layout.js';
import type { LakeFile } from './lakeFiles.js';

export type ChangedPartitions = Map<EventTable, Set<string>>;

/**
 * The date partitions, per event table, whose set of files (paths, sizes and mtimes) differs between two
 * listings. A partition can gain a file from a second unit (a session that ends after midnight),
 * so whole partitions are compared, not just dates seen; a partition that vanished counts too.
 */
export function changedPartitions(previous: readonly LakeFile[], current: readonly LakeFile[]): ChangedPartitions {
  const before = fileSets(previous);
  const after = fileSets(current);
  const changed: ChangedPartitions = new Map(EVENT_TABLES.map((table) => [table, new Set<string>()]));
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(key) !== after.get(key)) {
      const [table, date] = key.split('|') as [EventTable, string];
      changed.get(table)!.add(date);
    }
  }
  return changed;
}

/** What tells a lake file from the one last read: its path, size and modification time. */
export function fileIdentity(file: LakeFile): string {
  return `${file.path}:${file.bytes}:${file.mtimeMs}`;
}

function fileSets(files: readonly LakeFile[]): Map<string, string> {
  const entries = new Map<string, string[]>();
  for (const file of files) {
    if (file.partitionDate === null) continue;
    const key = `${file.table}|${file.partitionDate}`;
    const list = entries.get(key) ?? [];
    list.push(fileIdentity(file));
    entries.set(key, list);
  }
  return new Map([...entries].map(([key, list]) => [key, list.sort().join('\n')]));
}

/** `YYYY-MM-DD` shifted by whole days. */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The partitions of a model keyed by date d that must be redone when these lake partitions
 * changed: d reads lake partitions d..d+lookahead, so a changed partition p touches p-lookahead..p
 * (for a model keyed by month, the months of those days). A model that also looks back reads
 * d-lookback..d+lookahead, so p touches p-lookahead..p+lookback.
 */
export function affectedKeys(changedDates: Iterable<string>, lookaheadDays: number, grain: PartitionGrain = 'day', lookbackDays = 0): Set<string> {
  const keys = new Set<string>();
  for (const date of changedDates) {
    for (let shift = -lookbackDays; shift <= lookaheadDays; shift++) keys.add(keyOf(addDays(date, -shift), grain));
  }
  return keys;
}

/** How an incremental model's partition keys cut time: a key per day, or per month (its first day). */
export type PartitionGrain = 'day' | 'month';

/** The key a date belongs to: the date itself, or the first day of its month. */
export function keyOf(isoDate: string, grain: PartitionGrain): string {
  return grain === 'day' ? isoDate : `${isoDate.slice(0, 7)}-01`;
}

/** The lake dates a key reads: the lookback days before it, its days, and the lookahead days after them. */
export function datesOfKey(key: string, grain: PartitionGrain, lookaheadDays: number, lookbackDays = 0): string[] {
  const days = grain === 'day' ? 1 : new Date(Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)), 0)).getUTCDate();
  return Array.from({ length: lookbackDays + days + lookaheadDays }, (_, day) => addDays(key, day - lookbackDays));
}
