import { DATE, DOUBLE, DuckDBDataChunk, dateValue } from '@duckdb/node-api';
import type { DuckDBAppender } from '@duckdb/node-api';

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

/**
 * Appends DOUBLE columns and a constant partition date as the last column, a data chunk at a
 * time: one call into DuckDB per 2,048 rows instead of one per value. (Whole numbers travel as
 * doubles, exact below 2^53: a BIGINT column would cost a BigInt per value on this thread.)
 */
export function appendColumns(appender: DuckDBAppender, columns: readonly Float64Array[], partitionDate: string): void {
  const rows = columns[0]?.length ?? 0;
  const date = dateValue(Math.round(Date.parse(`${partitionDate}T00:00:00Z`) / 86_400_000));
  const types = [...columns.map(() => DOUBLE), DATE];
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, rows - start);
    const chunk = DuckDBDataChunk.create(types, count);
    columns.forEach((values, index) => {
      const vector = chunk.getColumnVector(index);
      for (let row = 0; row < count; row++) vector.setItem(row, values[start + row]!);
      vector.flush();
    });
    const dates = chunk.getColumnVector(columns.length);
    for (let row = 0; row < count; row++) dates.setItem(row, date);
    dates.flush();
    appender.appendDataChunk(chunk);
  }
}
