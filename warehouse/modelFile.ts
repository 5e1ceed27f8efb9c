import fs from 'node:fs';
import path from 'node:path';
import { SprintError } from '../common/errors.js';
import type { EventTable } from '../partitions/layout.js';
import type { PartitionGrain } from './lakeChanges.js';

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
 *   -- partition_by: calendar_date    incremental: the DATE column replaced a few partitions at a time;
 *                                     a view over a digest table: the digest's partition column, so
 *                                     its data tests can look only at the partitions the digest redid
 *   -- lookahead_days: 1              incremental: rows keyed d also read lake partitions up to d + 1
 *   -- lookback_days: 30              incremental: rows keyed d also read lake partitions from d - 30
 *   -- partition_grain: month         incremental: keys are months (their first day), not days
 *   -- partitions_per_statement: 1    incremental: how many keys one INSERT fills (default 31)
 *   -- unique_key: player_id          incremental without partition_by: redoes the rows of the key
 *                                     values its parents' patches touched (see modelGraph)
 *   -- test not_null: player_id
 *
 * Which lake tables an incremental model's partitions follow is not declared: modelGraph derives
 * it from the model's own source() and ref() calls, so it cannot drift from the SQL.
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
  /** The lake's event tables it reads, directly or through the models it refers to (filled in by loadModels). */
  sourcePartitions: EventTable[];
  lookaheadDays: number;
  /** Rows keyed d also read lake partitions back to d - lookbackDays (trailing windows). */
  lookbackDays: number;
  /** `month`: partition_by holds the first day of a month, and a key covers that month's days. */
  partitionGrain: PartitionGrain;
  partitionsPerStatement: number;
  /**
   * An incremental model kept by key instead of by partition: a patch deletes and rebuilds the rows
   * of the values of this column that its parents' patches touched. Its rows of a value must follow
   * from its parents' rows of that value only, as a roll-up by that column does.
   */
  uniqueKey: string | null;
  refs: string[];
  /** Raw views and digest tables it reads through `{{ source('sprint_raw' | 'sprint_digest', ...) }}`. */
  sources: string[];
  tests: GenericTestDeclaration[];
}

const SETTING = /^--\s*([a-z_]+)\s*:\s*(.*)$/;
const TEST = /^--\s*test\s+([a-z_]+)\s*:\s*(.+)$/;
const REF = /\{\{\s*ref\(\s*'([a-z0-9_]+)'\s*\)\s*\}\}/g;
const SOURCE = /\{\{\s*source\('sprint_(?:raw|digest)',\s*'([a-z0-9_]+)'\)\s*\}\}/g;
/** A month of days per INSERT: few statements, and memory that does not grow with the lake's length. */
const DEFAULT_PARTITIONS_PER_STATEMENT = 31;
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
  if (settings.has('source_partitions')) fail('source_partitions is derived from the source() and ref() calls now; remove the line');
  const lookaheadDays = Number(settings.get('lookahead_days') ?? '0');
  if (!Number.isInteger(lookaheadDays) || lookaheadDays < 0) fail('lookahead_days must be a whole number of days');
  const lookbackDays = Number(settings.get('lookback_days') ?? '0');
  if (!Number.isInteger(lookbackDays) || lookbackDays < 0) fail('lookback_days must be a whole number of days');
  const partitionGrain = (settings.get('partition_grain') ?? 'day') as PartitionGrain;
  if (partitionGrain !== 'day' && partitionGrain !== 'month') fail('partition_grain must be day or month');
  const partitionsPerStatement = Number(settings.get('partitions_per_statement') ?? String(DEFAULT_PARTITIONS_PER_STATEMENT));
  if (!Number.isInteger(partitionsPerStatement) || partitionsPerStatement < 1) fail('partitions_per_statement must be a whole number from 1');
  const uniqueKey = settings.get('unique_key') ?? null;
  if (uniqueKey !== null && !/^[a-z_][a-z0-9_]*$/.test(uniqueKey)) fail('unique_key must be one column name');
  if (uniqueKey !== null && (materialized !== 'incremental' || partitionBy)) fail('unique_key is for an incremental model without partition_by');
  if (uniqueKey !== null && ['lookahead_days', 'lookback_days', 'partition_grain', 'partitions_per_statement'].some((key) => settings.has(key))) {
    fail('lookahead_days, lookback_days, partition_grain and partitions_per_statement are for a model with partition_by, not unique_key');
  }
  if (materialized === 'incremental' && !partitionBy && !uniqueKey) fail('an incremental model needs partition_by or unique_key');
  const refs = [...new Set([...text.matchAll(REF)].map((match) => match[1]!))];
  const sourceCalls = [...new Set([...text.matchAll(SOURCE)].map((match) => match[0]))];
  if (materialized === 'view' && partitionBy && (refs.length > 0 || sourceCalls.length !== 1 || !sourceCalls[0]!.includes("'sprint_digest'"))) {
    // Its rows of a partition are the digest's rows of that partition only if it reads nothing else.
    fail('partition_by on a view is for a view over one digest table only, which reads no other model or raw view');
  }
  if (materialized === 'incremental' && partitionBy && !text.includes('{{ partitions }}')) {
    fail('an incremental model must filter its inputs with {{ partitions }}');
  }
  // A patch deletes and reinserts by key: a second row of a key, or a NULL one, would never be redone.
  const testedColumns = (kind: GenericTestKind) => tests.filter((test) => test.kind === kind).map((test) => test.args.split(',').map((column) => column.trim()));
  const unique = testedColumns('unique').some((key) => key.length === 1 && key[0] === uniqueKey);
  const notNull = testedColumns('not_null').some((columns) => columns.includes(uniqueKey ?? ''));
  if (uniqueKey !== null && !(unique && notNull)) fail(`a model with unique_key must declare "-- test unique: ${uniqueKey}" and "-- test not_null: ${uniqueKey}"`);
  if (uniqueKey !== null && !/\{\{\s*is_redone_key\(/.test(text)) {
    fail(`a model with unique_key must filter its inputs with {{ is_redone_key('${uniqueKey}') }}`);
  }

  return {
    name,
    schema,
    file,
    description: description.join(' '),
    text,
    materialized,
    partitionBy,
    sourcePartitions: [],
    lookaheadDays,
    lookbackDays,
    partitionGrain,
    partitionsPerStatement,
    uniqueKey,
    refs,
    sources: [...new Set([...text.matchAll(SOURCE)].map((match) => match[1]!))],
    tests,
  };
}
