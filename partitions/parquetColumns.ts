import { openAsBlob } from 'node:fs';
import * as parquet from 'parquet-wasm/node';

/** How a column is handed out: 64-bit integers as doubles (exact below 2^53), floats as they are. */
export type ColumnKind = 'int64' | 'float32';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
}

export type ColumnValues = Float64Array | Float32Array;

/**
 * One row group's columns, in the order they were asked for, owned by JavaScript. The arrays are
 * reused for the next row group: copy what must outlive it.
 */
export interface RowGroupColumns {
  rows: number;
  columns: ColumnValues[];
}

/**
 * Reads a Parquet file one row group at a time, so memory holds one row group rather than the
 * file: the file is a disk-backed Blob, from which parquet-wasm fetches only the byte ranges of the
 * row group and columns asked for.
 *
 * Why not Arrow IPC: handing a decoded row group over as IPC copies it twice (into an IPC buffer in
 * wasm, then out to JavaScript) and took twice as long as decoding it. Instead the columns are read
 * in place through the Arrow C data interface parquet-wasm exports, and copied once into arrays
 * JavaScript owns, 64-bit integers converted to doubles (BigInt64Array reads allocate a BigInt per
 * value, which would dominate the loops that consume them).
 */
export async function* readRowGroups(file: string, columns: readonly ColumnSpec[]): AsyncGenerator<RowGroupColumns> {
  const handle = await parquet.ParquetFile.fromFile(await openAsBlob(file));
  // Reused from row group to row group: fresh arrays of a row group's size cost more in page
  // faults than filling them does.
  const scratch: ColumnValues[] = columns.map((column) => (column.kind === 'float32' ? new Float32Array(0) : new Float64Array(0)));
  try {
    const rowGroups = handle.metadata().numRowGroups();
    for (let rowGroup = 0; rowGroup < rowGroups; rowGroup++) {
      const table = await handle.read({ rowGroups: [rowGroup], columns: columns.map((column) => column.name), batchSize: 1 << 30 });
      // Columns come in the file's order, whatever order they were asked for in.
      const schema = table.schema;
      const positions = columns.map((column) => schema.indexOf(column.name));
      schema.free();
      const stream = table.intoFFI();
      try {
        for (const address of stream.arrayAddrs()) yield copyBatch(parquet.wasmMemory().buffer, address, columns, positions, scratch, file);
      } finally {
        stream.drop();
      }
    }
  } finally {
    handle.free();
  }
}

// The ArrowArray struct of the C data interface, as laid out in 32-bit wasm memory: five int64
// counts, then pointers of 4 bytes.
const LENGTH = 0;
const OFFSET = 16;
const CHILD_COUNT = 32;
const BUFFERS = 40;
const CHILDREN = 44;

function copyBatch(memory: ArrayBuffer, address: number, columns: readonly ColumnSpec[], positions: readonly number[], scratch: ColumnValues[], file: string): RowGroupColumns {
  const view = new DataView(memory);
  const rows = Number(view.getBigInt64(address + LENGTH, true));
  const childCount = Number(view.getBigInt64(address + CHILD_COUNT, true));
  if (childCount !== columns.length) throw new Error(`${file}: expected columns ${columns.map((c) => c.name).join(', ')}, found ${childCount}`);
  const children = view.getUint32(address + CHILDREN, true);
  return {
    rows,
    columns: columns.map((column, index) => {
      const child = view.getUint32(children + 4 * positions[index]!, true);
      const offset = Number(view.getBigInt64(child + OFFSET, true));
      const buffers = view.getUint32(child + BUFFERS, true);
      // buffers[0] is the validity bitmap, absent for the lake's required columns; buffers[1] the values.
      if (view.getUint32(buffers, true) !== 0) throw new Error(`${file}: column ${column.name} has nulls; the lake's heartbeat columns are required`);
      const values = view.getUint32(buffers + 4, true);
      if (scratch[index]!.length < rows) scratch[index] = column.kind === 'float32' ? new Float32Array(rows) : new Float64Array(rows);
      if (column.kind === 'float32') {
        const out = (scratch[index] as Float32Array).subarray(0, rows);
        out.set(new Float32Array(memory, values + offset * 4, rows));
        return out;
      }
      return int64AsDoubles(new Uint32Array(memory, values + offset * 8, rows * 2), (scratch[index] as Float64Array).subarray(0, rows), column.name, file);
    }),
  };
}

/**
 * Non-negative 64-bit integers below 2^52 (ids, microsecond timestamps) as doubles, exactly. One
 * pass that reads each value's two words and writes its double: the values come straight from
 * wasm memory, out of cache, so passes over memory cost more than the arithmetic. (Copying the
 * words and fixing them up under the exponent of 2^52 took three passes; the digest of a dense
 * day's file ran at 111–116 ns per heartbeat with it and 99–105 with this.)
 */
function int64AsDoubles(words: Uint32Array, out: Float64Array, name: string, file: string): Float64Array {
  let highBits = 0;
  const rows = out.length;
  for (let i = 0; i < rows; i++) {
    const high = words[2 * i + 1]!;
    highBits |= high;
    out[i] = words[2 * i]! + high * 4294967296;
  }
  if ((highBits & 0xfff00000) !== 0) throw new Error(`${file}: a value of ${name} is negative or beyond 2^52, which the warehouse's reader does not take`);
  return out;
}
