import { DATE, DOUBLE, DuckDBDataChunk } from '@duckdb/node-api';
import type { DuckDBAppender } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

/**
 * Appends columns of doubles and a constant partition date as the last column, a data chunk at a
 * time. Each column of a chunk is one memory copy into DuckDB's vector (node-api's setItem per
 * value cost about a third of the appending), and the appender casts the doubles to the table's
 * column types. Whole numbers travel as doubles, exact below 2^53: a BIGINT vector filled here
 * would cost a BigInt per value on this thread.
 */
export function appendColumns(appender: DuckDBAppender, columns: readonly Float64Array[], partitionDate: string): void {
  const rows = columns[0]?.length ?? 0;
  const days = new Int32Array(CHUNK_ROWS).fill(Math.round(Date.parse(`${partitionDate}T00:00:00Z`) / 86_400_000));
  const types = [...columns.map(() => DOUBLE), DATE];
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, rows - start);
    const chunk = DuckDBDataChunk.create(types, count);
    columns.forEach((values, index) => copyInto(chunk, index, values, start, count));
    copyInto(chunk, columns.length, days, 0, count);
    appender.appendDataChunk(chunk);
  }
}

function copyInto(chunk: DuckDBDataChunk, column: number, values: Float64Array | Int32Array, start: number, count: number): void {
  const size = values.BYTES_PER_ELEMENT;
  // The binding copies from a plain ArrayBuffer; the digest's arrays come from structured clones, which are.
  if (!(values.buffer instanceof ArrayBuffer)) throw new Error('appendColumns copies from arrays over an ArrayBuffer, not a SharedArrayBuffer');
  duckdb.copy_data_to_vector(duckdb.data_chunk_get_vector(chunk.chunk, column), 0, values.buffer, values.byteOffset + start * size, count * size);
}
