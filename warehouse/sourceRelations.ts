import { DIGEST_SCHEMA, DIGEST_TABLES } from './heartbeatDigest/digestTables.js';
import { RAW_SCHEMA, RAW_VIEW_NAMES } from './rawViews.js';

/** `schema.name` of what a model reads through source(): a raw view, or a table of the heartbeat digest. */
export function sourceRelation(name: string): string {
  return `${(DIGEST_TABLES as readonly string[]).includes(name) ? DIGEST_SCHEMA : RAW_SCHEMA}.${name}`;
}

/** The raw view the digest's tables are computed from, for the lineage drawing. */
export const DIGEST_INPUT = `${RAW_SCHEMA}.${RAW_VIEW_NAMES.heartbeats}`;
