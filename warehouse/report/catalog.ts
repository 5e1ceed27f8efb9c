import type { DuckDBConnection } from '@duckdb/node-api';
import { queryNumber, queryRows, quoteIdent } from '../connection.js';
import type { ModelDefinition } from '../modelFile.js';
import { describeColumn } from './columnDocs.js';
import type { TestOutcome } from './dataTestOutcomes.js';
import { describeRelation, SCHEMAS } from './relationDocs.js';
import { sourceRelation } from '../sourceRelations.js';

export interface CatalogColumn {
  name: string;
  type: string;
  description: string | null;
  /** Declared tests that name this column. */
  tests: TestOutcome[];
}

export interface CatalogTable {
  schema: string;
  name: string;
  kind: 'table' | 'view';
  /** The model's materialization; null for relations no model defines (raw views, build bookkeeping). */
  materialized: string | null;
  description: string | null;
  /** Null for views: counting one over the heartbeats would read the whole lake. */
  rows: number | null;
  columns: CatalogColumn[];
  tests: TestOutcome[];
  /** `schema.name` of the relations it reads, and of the models that read it. */
  upstream: string[];
  downstream: string[];
}

export interface CatalogSchema {
  name: string;
  description: string | null;
  tables: CatalogTable[];
}

const RELATIONS_SQL = `
  SELECT schema_name, table_name AS name, 'table' AS kind FROM duckdb_tables()
  WHERE database_name = current_database() AND NOT internal
  UNION ALL
  SELECT schema_name, view_name, 'view' FROM duckdb_views()
  WHERE database_name = current_database() AND NOT internal
  ORDER BY schema_name, name`;

const COLUMNS_SQL = `
  SELECT schema_name, table_name, column_name, data_type
  FROM duckdb_columns()
  WHERE database_name = current_database() AND NOT internal
  ORDER BY schema_name, table_name, column_index`;

/** Every schema, relation and column the warehouse holds, with what the models and tests say about them. */
export async function readCatalog(connection: DuckDBConnection, models: readonly ModelDefinition[], tests: readonly TestOutcome[]): Promise<CatalogSchema[]> {
  const relations = await queryRows(connection, RELATIONS_SQL);
  const columns = await queryRows(connection, COLUMNS_SQL);
  const modelByName = new Map(models.map((model) => [`${model.schema}.${model.name}`, model]));
  const upstreamOf = (model: ModelDefinition) => [
    ...model.sources.map(sourceRelation),
    ...model.refs.map((ref) => models.find((candidate) => candidate.name === ref)).filter((parent) => parent !== undefined).map((parent) => `${parent.schema}.${parent.name}`),
  ];

  const tables: CatalogTable[] = [];
  for (const relation of relations) {
    const schema = String(relation.schema_name);
    const name = String(relation.name);
    const qualified = `${schema}.${name}`;
    const model = modelByName.get(qualified);
    const kind = relation.kind === 'view' ? 'view' : 'table';
    const tableTests = tests.filter((test) => test.relations.includes(qualified));
    tables.push({
      schema,
      name,
      kind,
      materialized: model?.materialized ?? null,
      description: model?.description || describeRelation(schema, name),
      rows: kind === 'table' ? await queryNumber(connection, `SELECT count(*) FROM ${quoteIdent(schema)}.${quoteIdent(name)}`) : null,
      columns: columns
        .filter((column) => column.schema_name === schema && column.table_name === name)
        .map((column) => ({
          name: String(column.column_name),
          type: typeLabel(String(column.data_type)),
          description: describeColumn(name, String(column.column_name)),
          tests: tableTests.filter((test) => test.columns.includes(String(column.column_name)) && test.relations.length === 1),
        })),
      tests: tableTests,
      upstream: model ? upstreamOf(model) : [],
      downstream: models.filter((other) => upstreamOf(other).includes(qualified)).map((other) => `${other.schema}.${other.name}`),
    });
  }

  const known = SCHEMAS.map((schema) => schema.name);
  const extra = [...new Set(tables.map((table) => table.schema))].filter((schema) => !known.includes(schema)).sort();
  return [...SCHEMAS, ...extra.map((name) => ({ name, description: null }))]
    .map((schema) => ({ name: schema.name, description: schema.description, tables: tables.filter((table) => table.schema === schema.name) }))
    .filter((schema) => schema.tables.length > 0);
}

/** A column's type as the catalogue shows it: an ENUM by its number of values, not its whole member list (a category's ENUM lists every value the lake holds). */
function typeLabel(type: string): string {
  if (!type.startsWith('ENUM(')) return type;
  const members = type.match(/'(?:[^']|'')*'/g)?.length ?? 0;
  return `ENUM (${members} value${members === 1 ? '' : 's'})`;
}
