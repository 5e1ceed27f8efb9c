import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { SprintError } from '../common/errors.js';
import { queryNumber, queryRows } from './connection.js';
import type { Row } from './connection.js';
import type { GenericTestDeclaration, ModelDefinition } from './modelFile.js';
import { renderSql, sqlDateList, varsUsed } from './renderSql.js';
import type { RenderContext } from './renderSql.js';

export const SINGULAR_TESTS_DIR = fileURLToPath(new URL('./tests', import.meta.url));

/** A data test: a SELECT of the rows that break a rule. It passes when it returns none. */
export interface DataTest {
  name: string;
  sql: string;
  /** Set when the test looks only at the partitions a build redid (see TestScope). */
  scope?: string;
}

/**
 * The rows an incremental build changed in a patched incremental model: its partitions redone.
 * The rows of the other partitions are those the last build tested, with the same tests (they are
 * in the model's header, which its fingerprint covers), and that build committed only because they
 * passed; so a generic test of the model need only look at what changed: the redone partitions'
 * rows, and for a unique key every row sharing a key with them.
 */
export interface TestScope {
  /** The model's partition_by column (or its unique_key); null for a table kept unchanged, whose every row the last build tested. */
  column: string | null;
  keys: readonly string[];
  /**
   * For a model kept by key (unique_key): the table of the key values its patch redid, which then
   * stand for `keys`; rows whose key is NULL, which no patch would redo, are always looked at.
   */
  keysTable?: { table: string; count: number };
  /** Parents a relationships test may trust unchanged: their rows are exactly the last build's. */
  unchangedParents: ReadonlySet<string>;
  /**
   * For a parent patched by partition, `model.column` -> the table of the values its patch may
   * have removed (removedKeysTable): the only values whose old child rows can have lost their parent.
   */
  removedParentKeys?: ReadonlyMap<string, string>;
}

export interface DataTestResult {
  test: DataTest;
  status: 'passed' | 'failed' | 'error';
  failingRows: number;
  /** A few of the failing rows, to show what broke. */
  sample: Row[];
  seconds: number;
  error?: unknown;
}

const SAMPLE_ROWS = 5;

/**
 * The generic tests declared in the models' headers, compiled to SQL the way dbt compiles them;
 * a model with a scope gets tests that look only at what the build changed in it.
 */
export function genericTests(models: readonly ModelDefinition[], context: RenderContext, scopes: ReadonlyMap<string, TestScope> = new Map()): DataTest[] {
  return models.flatMap((model) => model.tests.flatMap((declaration) => compileGenericTest(model, declaration, context, scopes.get(model.name))));
}

function compileGenericTest(model: ModelDefinition, declaration: GenericTestDeclaration, context: RenderContext, scope: TestScope | undefined): DataTest[] {
  // A row-by-row test of a model kept by key reads it whole: its redone rows lie among all the
  // others, and picking them out is a join over every row, dearer than checking each one (on a
  // million players, 0.01 s against under 0.005 s).
  if (scope?.keysTable && ['not_null', 'accepted_values', 'expression'].includes(declaration.kind)) return compileGenericTest(model, declaration, context, undefined);
  const table = context.relations.get(model.name)!;
  const where = `${model.file} (test ${declaration.kind})`;
  const args = renderSql(declaration.args, context, where);
  // `false` when nothing was redone: the test then reads nothing, and says so in its scope.
  const redone = (alias: string) =>
    scope &&
    (scope.column !== null && scope.keysTable
      ? `(${alias}${scope.column} IN (SELECT key FROM ${scope.keysTable.table}) OR ${alias}${scope.column} IS NULL)`
      : scope.column === null || scope.keys.length === 0
        ? 'false'
        : `${alias}${scope.column} IN ${sqlDateList(scope.keys)}`);
  const redoneCount = scope?.keysTable?.count ?? scope?.keys.length ?? 0;
  const unit = scope?.keysTable ? `${scope.column} value` : 'partition';
  const described = (test: DataTest): DataTest =>
    !scope ? test : { ...test, scope: scope.column === null ? 'kept unchanged' : `${redoneCount.toLocaleString('en-US')} ${unit}${redoneCount === 1 ? '' : 's'} redone` };
  switch (declaration.kind) {
    case 'not_null':
      return columns(args).map((column) => described({
        name: `not_null(${model.name}.${column})`,
        sql: `SELECT * FROM ${table} WHERE ${column} IS NULL${scope ? ` AND ${redone('')}` : ''}`,
      }));
    case 'unique': {
      const keyColumns = columns(args);
      const key = keyColumns.join(', ');
      // Every row sharing a key with a redone row: a duplicate may span an old and a new partition,
      // unless the key holds the partition column, when two rows of one key share their partition.
      // Then the redone partitions are all there is to read, not the whole table (at full scale, two
      // years of it for one day's rows).
      const rows = !scope
        ? table
        : scope.column !== null && keyColumns.includes(scope.column)
          ? `(SELECT * FROM ${table} WHERE ${redone('')})`
          : rowsSharingARedoneKey(table, keyColumns, redone('')!);
      return [described({
        name: `unique(${model.name}: ${key})`,
        sql: `SELECT ${key}, count(*) AS duplicates FROM ${rows} GROUP BY ${key} HAVING count(*) > 1`,
      })];
    }
    case 'accepted_values': {
      const match = /^([a-z_][a-z0-9_]*)\s+in\s+(\(.*\))$/i.exec(args);
      if (!match) throw new SprintError(`${where}: write accepted_values as "column in ('a', 'b')"`);
      return [described({
        name: `accepted_values(${model.name}.${match[1]})`,
        sql: `SELECT ${match[1]} AS value, count(*) AS rows FROM ${table} WHERE ${match[1]} IS NOT NULL AND ${match[1]} NOT IN ${match[2]}${scope ? ` AND ${redone('')}` : ''} GROUP BY ${match[1]}`,
      })];
    }
    case 'relationships': {
      const relationship = parseRelationship(args);
      if (!relationship) throw new SprintError(`${where}: write relationships as "column -> model.column"`);
      const { column, parentModel, parentColumn } = relationship;
      const parent = renderSql(`{{ ref('${parentModel}') }}`, context, where);
      // Old rows were checked against the same parent rows only if the parent did not change. If
      // it was patched by partition, an old row can have lost its parent only through a value the
      // patch removed, so the old rows of those values are checked with the redone ones (at full
      // scale two years of encounters would otherwise be checked against two years of sessions
      // for a day's patch).
      const removedKeys = scope && !scope.unchangedParents.has(parentModel) ? scope.removedParentKeys?.get(`${parentModel}.${parentColumn}`) : undefined;
      const childScope = scope && (scope.unchangedParents.has(parentModel) || removedKeys) ? scope : undefined;
      const name = `relationships(${model.name}.${column} -> ${parentModel}.${parentColumn})`;
      // Old child rows of the removed values; an equality join, so DuckDB skips the child's row groups outside their range.
      const oldRowsOfRemovedKeys = removedKeys
        ? ` UNION ALL SELECT c.${column} FROM ${table} AS c SEMI JOIN ${removedKeys} AS k ON c.${column} = k.key WHERE NOT (${redone('c.')})`
        : '';
      // The join hashes its right side. Over a whole child that is the parent (often the smaller);
      // over a scoped child, the redone rows are, so the parent is only scanned: an append's
      // child rows are one day's, and hashing every player for them (20 million at full scale,
      // once per test) would cost more than the day.
      const test = childScope
        ? {
            name,
            sql:
              `SELECT child.${column} AS missing_key, count(*) AS rows FROM ${parent} AS parent ` +
              `RIGHT JOIN (SELECT ${column} FROM ${table} WHERE ${column} IS NOT NULL AND ${redone('')}${oldRowsOfRemovedKeys}) AS child ON parent.${parentColumn} = child.${column} ` +
              `WHERE parent.${parentColumn} IS NULL GROUP BY child.${column}`,
          }
        : {
            name,
            sql:
              `SELECT child.${column} AS missing_key, count(*) AS rows FROM ${table} AS child ` +
              `ANTI JOIN ${parent} AS parent ON parent.${parentColumn} = child.${column} ` +
              `WHERE child.${column} IS NOT NULL GROUP BY child.${column}`,
          };
      if (!childScope) return [test];
      const scoped = described(test);
      return [removedKeys ? { ...scoped, scope: `${scoped.scope}, and old rows of the ${parentColumn} values ${parentModel}'s patch removed` } : scoped];
    }
    case 'expression':
      return [described({
        name: `expression(${model.name}: ${args})`,
        sql: `SELECT * FROM ${table} WHERE NOT (${args})${scope ? ` AND ${redone('')}` : ''}`,
      })];
  }
}

/**
 * The rows of `table` whose key (NULLs equal, as GROUP BY takes them) is that of a row `redone`
 * selects. Keys without NULLs are matched with `=`: from an equality join DuckDB pushes the redone
 * keys' least and greatest values into the scan of the table and skips its row groups outside them
 * (rows go in by partition, so old row groups hold older dates and ids), which it does not do for
 * IS NOT DISTINCT FROM. On the dense world's sessions, one day's unique test of (player_id,
 * calendar_date) read 0.04 s that way against 0.02; at two years' history the whole table would be
 * read for a day. Keys with a NULL, a separate and normally empty join, keep NULLs equal.
 */
function rowsSharingARedoneKey(table: string, keyColumns: readonly string[], redone: string): string {
  const key = keyColumns.join(', ');
  const equal = keyColumns.map((column) => `t.${column} = k.${column}`).join(' AND ');
  const notDistinct = keyColumns.map((column) => `t.${column} IS NOT DISTINCT FROM k.${column}`).join(' AND ');
  const anyNull = keyColumns.map((column) => `${column} IS NULL`).join(' OR ');
  return (
    `(SELECT t.* FROM ${table} AS t SEMI JOIN (SELECT DISTINCT ${key} FROM ${table} WHERE ${redone}) AS k ON ${equal} ` +
    `UNION ALL SELECT t.* FROM ${table} AS t SEMI JOIN (SELECT DISTINCT ${key} FROM ${table} WHERE (${redone}) AND (${anyNull})) AS k ON ${notDistinct})`
  );
}

function parseRelationship(args: string): { column: string; parentModel: string; parentColumn: string } | null {
  const match = /^([a-z_][a-z0-9_]*)\s*->\s*([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)$/i.exec(args.trim());
  return match ? { column: match[1]!, parentModel: match[2]!, parentColumn: match[3]! } : null;
}

/** Per model, the columns that relationships tests of other models point to (see TestScope.removedParentKeys). */
export function relationshipParentColumns(models: readonly ModelDefinition[]): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const model of models) {
    for (const declaration of model.tests) {
      const relationship = declaration.kind === 'relationships' ? parseRelationship(declaration.args) : null;
      if (!relationship) continue;
      const columns = parents.get(relationship.parentModel) ?? [];
      if (!columns.includes(relationship.parentColumn)) columns.push(relationship.parentColumn);
      parents.set(relationship.parentModel, columns);
    }
  }
  return parents;
}

function columns(args: string): string[] {
  return args.split(',').map((column) => column.trim()).filter((column) => column !== '');
}

/**
 * What the singular tests of an incremental build may narrow to. A test narrows only where it says
 * how, in `{% if narrowed %} ... {% endif %}` blocks that bound what it reads by
 * `{{ redone_since('model') }}`: the first partition key from which the model's rows may differ
 * from the last build's. Its other rows are the last build's, which passed this same test (its
 * fingerprint, over its SQL and its refs', is the last build's), so a test whose failures each
 * involve a changed row need look only there. A test is narrowed when its fingerprint is the
 * last build's and every model it refers to is either named in a redone_since or has rows that
 * cannot have changed; otherwise its blocks are dropped and it reads everything.
 */
export interface SingularScope {
  /** Models with a known first changed key; null when none of its rows changed. Absent: any may have. */
  since: ReadonlyMap<string, string | null>;
  /** Singular tests whose fingerprint is the last build's. */
  unchangedTests: ReadonlySet<string>;
}

/** `since` for a model none of whose rows changed: after every partition. */
const NOTHING_REDONE = '9999-12-31';
/** `since` for a test not narrowed: before every partition. */
const EVERYTHING = '0001-01-01';

const NARROWED_START = /\{%\s*if narrowed\s*%\}/;
const NARROWED_BLOCK = new RegExp(`${NARROWED_START.source}([\\s\\S]*?)\\{%\\s*endif\\s*%\\}`, 'g');

/** The singular tests: one SELECT per file under `tests/`, named after the file. */
export function singularTests(context: RenderContext, dir: string = SINGULAR_TESTS_DIR, scope?: SingularScope): DataTest[] {
  return singularTestFiles(dir).map(({ name, file, text }) => {
    const refs = refsIn(text);
    const named = new Set([...text.matchAll(/redone_since\('([a-z0-9_]+)'\)/g)].map((match) => match[1]!));
    const narrowed =
      scope !== undefined &&
      NARROWED_START.test(text) &&
      scope.unchangedTests.has(name) &&
      refs.every((ref) => scope.since.has(ref) && (named.has(ref) || scope.since.get(ref) === null));
    const redoneSince = (model: string) => (narrowed ? scope.since.get(model) ?? NOTHING_REDONE : EVERYTHING);
    const sql = renderSql(text.replace(NARROWED_BLOCK, (_block, body: string) => (narrowed ? body : '')), { ...context, redoneSince }, file);
    const test: DataTest = { name, sql };
    if (narrowed) {
      const firsts = [...named].map((model) => scope.since.get(model)).filter((since): since is string => since !== null && since !== undefined).sort();
      test.scope = firsts.length === 0 ? 'nothing it reads changed' : `partitions from ${firsts[0]} on`;
    }
    return test;
  });
}

/**
 * Each singular test's fingerprint: its SQL, the vars it uses and the fingerprints of the models it
 * refers to, so that a narrowed test can trust that the last build ran it, as it is now, on rows
 * made the same way. Keyed `test NAME` beside the models' fingerprints.
 */
export function singularTestFingerprints(
  vars: Readonly<Record<string, number>>,
  modelFingerprints: ReadonlyMap<string, string>,
  dir: string = SINGULAR_TESTS_DIR,
): Map<string, string> {
  return new Map(
    singularTestFiles(dir).map(({ name, text }): [string, string] => {
      const hash = createHash('sha256');
      hash.update(text);
      for (const used of varsUsed(text)) hash.update(`\0var ${used}=${vars[used]}`);
      for (const ref of refsIn(text).sort()) hash.update(`\0ref ${modelFingerprints.get(ref) ?? ''}`);
      return [singularTestKey(name), hash.digest('hex').slice(0, 16)];
    }),
  );
}

export function singularTestKey(name: string): string {
  return `test ${name}`;
}

function singularTestFiles(dir: string): { name: string; file: string; text: string }[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      return { name: path.basename(name, '.sql'), file, text: fs.readFileSync(file, 'utf8') };
    });
}

function refsIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*ref\('([a-z0-9_]+)'\)\s*\}\}/g)].map((match) => match[1]!))];
}

/** Runs every test and reports each one; never throws for a failing test. */
export async function runDataTests(
  connection: DuckDBConnection,
  tests: readonly DataTest[],
  report: (result: DataTestResult) => void = () => {},
): Promise<DataTestResult[]> {
  const results: DataTestResult[] = [];
  for (const test of tests) {
    const started = performance.now();
    let result: DataTestResult;
    try {
      const body = stripTrailingSemicolon(test.sql);
      const failingRows = await queryNumber(connection, `SELECT count(*) FROM (\n${body}\n)`);
      const sample = failingRows > 0 ? await queryRows(connection, `SELECT * FROM (\n${body}\n) LIMIT ${SAMPLE_ROWS}`) : [];
      result = { test, status: failingRows > 0 ? 'failed' : 'passed', failingRows, sample, seconds: elapsed(started) };
    } catch (error) {
      result = { test, status: 'error', failingRows: 0, sample: [], seconds: elapsed(started), error };
    }
    results.push(result);
    report(result);
  }
  return results;
}

function stripTrailingSemicolon(sql: string): string {
  return sql.trim().replace(/;$/, '');
}

function elapsed(started: number): number {
  return (performance.now() - started) / 1000;
}
