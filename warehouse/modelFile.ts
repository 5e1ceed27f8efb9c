import fs from 'node:fs';
import path from 'node:path';
import { SprintError } from '../common/errors.js';
import { EVENT_TABLES } from '../partitions/layout.js';
import type { EventTable } from '../partitions/layout.js';

export type Materialization = 'view' | 'table' | 'incremental';
export type GenericTestKind = 'not_null' | 'unique' | 'accepted_values' | 'relationships' | 'expression';

/** A data test declared beside a model, in its header: `-- test not_null: player_id, calendar_date`. */
export interface GenericTestDeclaration {
  kind: GenericTestKind;
  args: string;
}

/**
 * A model file: a plain SELECT under `models/<schema>/<name>.sql`, with a header of `-- key: value`
 * comment lines (the same settings a dbt user writes in `config()` and `schema.yml`):
 *
 *   -- materialized: incremental      view | table | incremental
 *   -- partition_by: calendar_date    incremental: the DATE column replaced one partition at a time
 *   -- source_partitions: sessions    incremental: the lake tables whose changed partitions it redoes
 *   -- lookahead_days: 1              incremental: rows keyed d also read lake partitions up to d + 1
 *   -- test not_null: player_id
 */
export interface ModelDefinition {
  name: string;
  schema: string;
  file: string;
  description: string;
  /** The whole file: what a fingerprint hashes. */
  text: string;
  materialized: Materialization;
  partitionBy: string | null;
  sourcePartitions: EventTable[];
  lookaheadDays: number;
  refs: string[];
  /** Raw views it reads through `{{ source('sprint_raw', ...) }}`. */
  sources: string[];
  tests: GenericTestDeclaration[];
}

const SETTING = /^--\s*([a-z_]+)\s*:\s*(.*)$/;
const TEST = /^--\s*test\s+([a-z_]+)\s*:\s*(.+)$/;
const REF = /\{\{\s*ref\(\s*'([a-z0-9_]+)'\s*\)\s*\}\}/g;
const SOURCE = /\{\{\s*source\('sprint_raw',\s*'([a-z0-9_]+)'\)\s*\}\}/g;
const MATERIALIZATIONS: readonly Materialization[] = ['view', 'table', 'incremental'];
const TEST_KINDS: readonly GenericTestKind[] = ['not_null', 'unique', 'accepted_values', 'relationships', 'expression'];

export function readModelFile(file: string): ModelDefinition {
  const text = fs.readFileSync(file, 'utf8');
  const name = path.basename(file, '.sql');
  const schema = path.basename(path.dirname(file));
  const fail = (what: string): never => {
    throw new SprintError(`model ${file}: ${what}`);
  };

  const settings = new Map<string, string>();
  const tests: GenericTestDeclaration[] = [];
  const description: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('--')) break;
    const test = TEST.exec(line);
    const setting = SETTING.exec(line);
    if (test) {
      const kind = test[1] as GenericTestKind;
      if (!TEST_KINDS.includes(kind)) fail(`unknown test "${kind}"; use one of ${TEST_KINDS.join(', ')}`);
      tests.push({ kind, args: test[2]!.trim() });
    } else if (setting) {
      settings.set(setting[1]!, setting[2]!.trim());
    } else {
      description.push(line.replace(/^--\s?/, ''));
    }
  }

  const materialized = (settings.get('materialized') ?? 'view') as Materialization;
  if (!MATERIALIZATIONS.includes(materialized)) fail(`materialized must be one of ${MATERIALIZATIONS.join(', ')}`);
  const partitionBy = settings.get('partition_by') ?? null;
  const sourcePartitions = (settings.get('source_partitions') ?? '')
    .split(',')
    .map((table) => table.trim())
    .filter((table) => table !== '') as EventTable[];
  for (const table of sourcePartitions) {
    if (!EVENT_TABLES.includes(table)) fail(`source_partitions names "${table}"; use event tables: ${EVENT_TABLES.join(', ')}`);
  }
  const lookaheadDays = Number(settings.get('lookahead_days') ?? '0');
  if (!Number.isInteger(lookaheadDays) || lookaheadDays < 0) fail('lookahead_days must be a whole number of days');
  if (materialized === 'incremental' && (!partitionBy || sourcePartitions.length === 0)) {
    fail('an incremental model needs partition_by and source_partitions');
  }
  if (materialized === 'incremental' && !text.includes('{{ partition_date }}')) {
    fail('an incremental model must filter its inputs with {{ partition_date }}');
  }

  return {
    name,
    schema,
    file,
    description: description.join(' '),
    text,
    materialized,
    partitionBy,
    sourcePartitions,
    lookaheadDays,
    refs: [...new Set([...text.matchAll(REF)].map((match) => match[1]!))],
    sources: [...new Set([...text.matchAll(SOURCE)].map((match) => match[1]!))],
    tests,
  };
}
