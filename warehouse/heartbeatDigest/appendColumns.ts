import { DATE, DOUBLE, DuckDBDataChunk, TIMESTAMP } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBType } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import type { DigestColumnType } from './digestTables.js';

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;
/** DuckDB's row group size (its default, which the warehouse keeps). */
const ROW_GROUP_ROWS = 122_880;

/**
 * Appends columns of doubles and a constant partition date as the last column, a data chunk at a
 * time. Each column of a chunk is one memory copy into DuckDB's vector (node-api's setItem per
 * value cost about a third of the appending), and the appender casts the doubles to the table's
 * column types. Whole numbers travel as doubles, exact below 2^53: a BIGINT vector filled here
 * would cost a BigInt per value on this thread. DuckDB casts no double to a TIMESTAMP, so a
 * TIMESTAMP column's microseconds are written here as the 64-bit integers its vector holds.
 *
 * It flushes the appender at every row group's end. Left to itself the appender flushes every
 * 204,800 rows, and in autocommit mode each flush commits its rows as row groups of their own, the
 * last one partly filled: the 730-day world's session_beats came out with 53 of its 155 row groups
 * partly filled, and the first checkpoint after that build (the next append's) merged them,
 * rewriting 83–97 MB in 0.5–0.7 s. Flushed this way, one row group is partly filled, and that
 * checkpoint writes 0.5 MB in 0.03 s.
 */
export class RowGroupAppender {
  private rowsInGroup = 0;
  private readonly words = new Uint32Array(2 * CHUNK_ROWS);
  /** The chunk's vector types: the partition date last. */
  private readonly chunkTypes: DuckDBType[];

  /** @param columnTypes the table's type of each column appended, the partition date aside */
  constructor(
    private readonly appender: DuckDBAppender,
    private readonly columnTypes: readonly DigestColumnType[],
  ) {
    this.chunkTypes = [...columnTypes.map((type) => (type === 'TIMESTAMP' ? TIMESTAMP : DOUBLE)), DATE];
  }

  append(columns: readonly Float64Array[], partitionDate: string): void {
    if (columns.length !== this.columnTypes.length) throw new Error(`the digest appender was given ${columns.length} columns for a table of ${this.columnTypes.length}`);
    const rows = columns[0]?.length ?? 0;
    const days = new Int32Array(CHUNK_ROWS).fill(Math.round(Date.parse(`${partitionDate}T00:00:00Z`) / 86_400_000));
    for (let start = 0; start < rows; ) {
      const count = Math.min(CHUNK_ROWS, rows - start, ROW_GROUP_ROWS - this.rowsInGroup);
      const chunk = DuckDBDataChunk.create(this.chunkTypes, count);
      columns.forEach((values, index) => {
        if (this.columnTypes[index] === 'TIMESTAMP') copyInto(chunk, index, asInt64Words(values, start, count, this.words), 0, 2 * count);
        else copyInto(chunk, index, values, start, count);
      });
      copyInto(chunk, columns.length, days, 0, count);
      this.appender.appendDataChunk(chunk);
      start += count;
      this.rowsInGroup += count;
      if (this.rowsInGroup === ROW_GROUP_ROWS) {
        this.appender.flushSync();
        this.rowsInGroup = 0;
      }
    }
  }

  flushSync(): void {
    this.appender.flushSync();
  }

  closeSync(): void {
    this.appender.closeSync();
  }
}

/** Appends one set of columns (see RowGroupAppender). */
export function appendColumns(appender: DuckDBAppender, columns: readonly Float64Array[], columnTypes: readonly DigestColumnType[], partitionDate: string): void {
  new RowGroupAppender(appender, columnTypes).append(columns, partitionDate);
}

/** Whole numbers from 0 to 2^53 − 1 as the little-endian 64-bit integers of a BIGINT or TIMESTAMP vector, in `words`. */
function asInt64Words(values: Float64Array, start: number, count: number, words: Uint32Array): Uint32Array {
  for (let i = 0; i < count; i++) {
    const value = values[start + i]!;
    if (!(value >= 0 && value <= Number.MAX_SAFE_INTEGER && Number.isInteger(value))) throw new Error(`the digest appender writes whole microseconds from 0 to 2^53 − 1 as a TIMESTAMP, not ${value}`);
    words[2 * i] = value % 4294967296;
    words[2 * i + 1] = Math.floor(value / 4294967296);
  }
  return words;
}

function copyInto(chunk: DuckDBDataChunk, column: number, values: Float64Array | Int32Array | Uint32Array, start: number, count: number): void {
  const size = values.BYTES_PER_ELEMENT;
  // The binding copies from a plain ArrayBuffer; the digest's arrays come from structured clones, which are.
  if (!(values.buffer instanceof ArrayBuffer)) throw new Error('the digest appender copies from arrays over an ArrayBuffer, not a SharedArrayBuffer');
  duckdb.copy_data_to_vector(duckdb.data_chunk_get_vector(chunk.chunk, column), 0, values.buffer, values.byteOffset + start * size, count * size);
}
