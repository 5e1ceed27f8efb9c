import type { DuckDBConnection } from '@duckdb/node-api';
import type { Row } from '../connection.js';
import { genericTests, runDataTests, singularTests } from '../dataTests.js';
import type { DataTest, DataTestResult } from '../dataTests.js';
import type { ModelDefinition } from '../modelFile.js';
import { RAW_SCHEMA, RAW_VIEW_NAMES } from '../rawViews.js';
import type { RenderContext } from '../renderSql.js';

/** A data test as the catalog shows it: its result and the relations and columns it checks. */
export interface TestOutcome {
  name: string;
  sql: string;
  status: DataTestResult['status'];
  failingRows: number;
  sample: Row[];
  /** Null when the test was not re-run and its result is the build's. */
  seconds: number | null;
  message: string | null;
  /** `schema.table` of every relation it reads. */
  relations: string[];
  /** Columns of its own model that a declared test names (empty for singular tests). */
  columns: string[];
}

export interface TestRun {
  outcomes: TestOutcome[];
  /** Whether the tests ran now, or their results are the build's. */
  ranNow: boolean;
}

interface PlacedTest {
  test: DataTest;
  relations: string[];
  columns: string[];
}

/**
 * The warehouse's data tests, compiled with the warehouse's own functions. The build keeps no
 * results, so by default they run again here, read-only; with `run: false` every test is reported
 * as passed at build time, which holds because a build replaces the warehouse only when all pass.
 */
export async function dataTestOutcomes(
  connection: DuckDBConnection,
  models: readonly ModelDefinition[],
  vars: Readonly<Record<string, number>>,
  run: boolean,
): Promise<TestRun> {
  const relations = new Map<string, string>([
    ...Object.values(RAW_VIEW_NAMES).map((view): [string, string] => [view, `${RAW_SCHEMA}.${view}`]),
    ...models.map((model): [string, string] => [model.name, `${model.schema}.${model.name}`]),
  ]);
  const context: RenderContext = { relations, vars };
  const placed: PlacedTest[] = [
    ...models.flatMap((model) =>
      model.tests.flatMap((declaration) =>
        genericTests([{ ...model, tests: [declaration] }], context).map((test) => ({
          test,
          relations: [`${model.schema}.${model.name}`],
          // A declaration over several columns compiles to one test per column, named after it.
          columns: identifiers(test.name).filter((word) => identifiers(declaration.args).includes(word)),
        })),
      ),
    ),
    ...singularTests(context).map((test) => ({ test, relations: relationsIn(test.sql, relations), columns: [] })),
  ];
  const results: DataTestResult[] | null = run ? await runDataTests(connection, placed.map((entry) => entry.test)) : null;
  const outcomes = placed.map((entry, index): TestOutcome => {
    const result = results?.[index];
    return {
      name: entry.test.name,
      sql: entry.test.sql,
      status: result?.status ?? 'passed',
      failingRows: result?.failingRows ?? 0,
      sample: result?.sample ?? [],
      seconds: result?.seconds ?? null,
      message: result?.error === undefined ? null : (result.error instanceof Error ? result.error.message : String(result.error)).split('\n')[0]!,
      relations: entry.relations,
      columns: entry.columns,
    };
  });
  return { outcomes, ranNow: run };
}

/** Words in a test's arguments; the catalog keeps those that are columns of the table. */
function identifiers(args: string): string[] {
  return [...new Set(args.match(/[a-z_][a-z0-9_]*/gi) ?? [])];
}

/** The relations a rendered test reads: every `schema.name` of the warehouse that appears in it. */
function relationsIn(sql: string, relations: ReadonlyMap<string, string>): string[] {
  return [...new Set(relations.values())].filter((qualified) => new RegExp(`\\b${qualified.replace('.', '\\.')}\\b`).test(sql)).sort();
}
