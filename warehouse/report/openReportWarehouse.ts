import fs from 'node:fs';
import { SprintError, UsageError } from '../../common/errors.js';
import { openWarehouse, queryRows } from '../connection.js';
import type { Warehouse } from '../connection.js';

/** Relations the report cannot do without; their absence means the file is not a built Sprint warehouse. */
const REQUIRED = ['sprint_mart.daily_kpis', 'sprint_mart.retention_cohorts', 'sprint_dim.dim_players', 'sprint_stage.fact_session'];

/**
 * Opens the warehouse read-only (a report never changes it, and may run beside a query) and checks
 * it is one, with a one-line error naming the file and what to do otherwise.
 */
export async function openReportWarehouse(db: string): Promise<Warehouse> {
  if (!fs.existsSync(db)) {
    throw new UsageError(`no warehouse at ${db}; build it with \`npm run build-warehouse -- --db ${db}\` or pass --db`);
  }
  if (!fs.statSync(db).isFile()) throw new UsageError(`--db ${db} is a folder; pass the warehouse file (e.g. data/warehouse.duckdb)`);
  let warehouse: Warehouse;
  try {
    warehouse = await openWarehouse(db, { readOnly: true });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new SprintError(`cannot open ${db} as a DuckDB warehouse: ${message}`, { cause: error });
  }
  try {
    const present = await queryRows(
      warehouse.connection,
      `SELECT schema_name || '.' || table_name AS name FROM duckdb_tables() WHERE database_name = current_database()`,
    );
    const names = new Set(present.map((row) => String(row.name)));
    const missing = REQUIRED.filter((name) => !names.has(name));
    if (missing.length > 0) {
      throw new SprintError(`${db} is not a built Sprint warehouse (no ${missing.join(', ')}); build it with \`npm run build-warehouse -- --db ${db}\``);
    }
    return warehouse;
  } catch (error) {
    warehouse.close();
    throw error;
  }
}
