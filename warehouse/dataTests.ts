import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { SprintError } from '../common/errors.js';
import { queryNumber, queryRows } from './connection.js';
import type { Row } from './connection.js';
import type { GenericTestDeclaration, ModelDefinition } from './modelFile.js';
import { renderSql } from './renderSql.js';
import type { RenderContext } from './renderSql.js';

export const SINGULAR_TESTS_DIR = fileURLToPath(new URL('./tests', import.meta.url));

/** A data test: a SELECT of the rows that break a rule. It passes when it returns none. */
export interface DataTest {
  name: string;
  sql: string;
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

/** The generic tests declared in the models' headers, compiled to SQL the way dbt compiles them. */
export function genericTests(models: readonly ModelDefinition[], context: RenderContext): DataTest[] {
  return models.flatMap((model) => model.tests.flatMap((declaration) => compileGenericTest(model, declaration, context)));
}

function compileGenericTest(model: ModelDefinition, declaration: GenericTestDeclaration, context: RenderContext): DataTest[] {
  const table = context.relations.get(model.name)!;
  const where = `${model.file} (test ${declaration.kind})`;
  const args = renderSql(declaration.args, context, where);
  switch (declaration.kind) {
    case 'not_null':
      return columns(args).map((column) => ({
        name: `not_null(${model.name}.${column})`,
        sql: `SELECT * FROM ${table} WHERE ${column} IS NULL`,
      }));
    case 'unique': {
      const key = columns(args).join(', ');
      return [{
        name: `unique(${model.name}: ${key})`,
        sql: `SELECT ${key}, count(*) AS duplicates FROM ${table} GROUP BY ${key} HAVING count(*) > 1`,
      }];
    }
    case 'accepted_values': {
      const match = /^([a-z_][a-z0-9_]*)\s+in\s+(\(.*\))$/i.exec(args);
      if (!match) throw new SprintError(`${where}: write accepted_values as "column in ('a', 'b')"`);
      return [{
        name: `accepted_values(${model.name}.${match[1]})`,
        sql: `SELECT ${match[1]} AS value, count(*) AS rows FROM ${table} WHERE ${match[1]} IS NOT NULL AND ${match[1]} NOT IN ${match[2]} GROUP BY ${match[1]}`,
      }];
    }
    case 'relationships': {
      const match = /^([a-z_][a-z0-9_]*)\s*->\s*([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)$/i.exec(args);
      if (!match) throw new SprintError(`${where}: write relationships as "column -> model.column"`);
      const [, column, parentModel, parentColumn] = match as unknown as [string, string, string, string];
      const parent = renderSql(`{{ ref('${parentModel}') }}`, context, where);
      return [{
        name: `relationships(${model.name}.${column} -> ${parentModel}.${parentColumn})`,
        sql:
          `SELECT child.${column} AS missing_key, count(*) AS rows FROM ${table} AS child ` +
          `ANTI JOIN ${parent} AS parent ON parent.${parentColumn} = child.${column} ` +
          `WHERE child.${column} IS NOT NULL GROUP BY child.${column}`,
      }];
    }
    case 'expression':
      return [{
        name: `expression(${model.name}: ${args})`,
        sql: `SELECT * FROM ${table} WHERE NOT (${args})`,
      }];
  }
}

function columns(args: string): string[] {
  return args.split(',').map((column) => column.trim()).filter((column) => column !== '');
}

/** The singular tests: one SELECT per file under `tests/`, named after the file. */
export function singularTests(context: RenderContext, dir: string = SINGULAR_TESTS_DIR): DataTest[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      return { name: path.basename(name, '.sql'), sql: renderSql(fs.readFileSync(file, 'utf8'), context, file) };
    });
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
