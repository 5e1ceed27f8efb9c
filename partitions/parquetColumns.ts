import { openAsBlob } from 'node:fs';
import * as parquet from 'parquet-wasm/node';

/**
 * How a column is handed out:
 * - `int64`: 64-bit integers converted to doubles (exact below 2^53);
 * - `int64-bits`: 64-bit integers where they lie, each one's eight bytes read as a double. From 1
 *   to 2^52 - 1 those bytes are a positive subnormal double, and subnormals compare (===, <, >)
 *   exactly as the integers they hold, so a consumer that only compares values, ids, skips the
 *   conversion; `int64FromBits` gives one back. The reader does not check the range: a pass of its
 *   own over the values, out of cache, cost a tenth of the heartbeat digest. The consumer checks,
 *   with `isIdBits`, every value it meets that is not `===` one it checked already;
 * - `float32`: as they are, where they lie.
 */
export type ColumnKind = 'int64' | 'int64-bits' | 'float32';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
}

export type ColumnValues = Float64Array | Float32Array;

/**
 * One row group's columns, in the order they were asked for. The arrays are valid until the next
 * row group is read: they are views of the decoder's memory or arrays reused for the next row
 * group, so copy what must outlive it.
 */
export interface RowGroupColumns {
  rows: number;
  columns: ColumnValues[];
}

/** How many row groups a Parquet file holds, from its footer. */
export async function rowGroupCount(file: string): Promise<number> {
  const handle = await parquet.ParquetFile.fromFile(await openAsBlob(file));
  try {
    return handle.metadata().numRowGroups();
  } finally {
    handle.free();
  }
}

/**
 * Reads a Parquet file one row group at a time (those from `range.from` up to `range.to`, by
 * default all), so memory holds one row group rather than the file: the file is a disk-backed
 * Blob, from which parquet-wasm fetches only the byte ranges of the row group and columns asked for.
 *
 * Why not Arrow IPC: handing a decoded row group over as IPC copies it twice (into an IPC buffer in
 * wasm, then out to JavaScript) and took twice as long as decoding it. Instead the columns are read
 * in place through the Arrow C data interface parquet-wasm exports: floats and `int64-bits` as
 * views of wasm memory, `int64` converted to doubles once (BigInt64Array reads allocate a BigInt
 * per value, which would dominate the loops that consume them). Viewing the heartbeat digest's
 * three id columns and its positions in place instead of copying them took its cost on a dense
 * day's file from 90–94 ns per heartbeat to 84–87.
 */
export async function* readRowGroups(file: string, columns: readonly ColumnSpec[], range: { from?: number; to?: number } = {}): AsyncGenerator<RowGroupColumns> {
  const handle = await parquet.ParquetFile.fromFile(await openAsBlob(file));
  // The conversions' arrays, reused from row group to row group: fresh arrays of a row group's
  // size cost more in page faults than filling them does.
  const scratch: Float64Array[] = columns.map(() => new Float64Array(0));
  try {
    const rowGroups = Math.min(range.to ?? Infinity, handle.metadata().numRowGroups());
    for (let rowGroup = range.from ?? 0; rowGroup < rowGroups; rowGroup++) {
      const table = await handle.read({ rowGroups: [rowGroup], columns: columns.map((column) => column.name), batchSize: 1 << 30 });
      // Columns come in the file's order, whatever order they were asked for in.
      const schema = table.schema;
      const positions = columns.map((column) => schema.indexOf(column.name));
      schema.free();
      const stream = table.intoFFI();
      try {
        for (const address of stream.arrayAddrs()) yield batchColumns(parquet.wasmMemory().buffer, address, columns, positions, scratch, file);
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

function batchColumns(memory: ArrayBuffer, address: number, columns: readonly ColumnSpec[], positions: readonly number[], scratch: Float64Array[], file: string): RowGroupColumns {
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
      if (column.kind === 'float32') return new Float32Array(memory, aligned(values + offset * 4, 4, column.name), rows);
      const start = aligned(values + offset * 8, 8, column.name);
      const words = new Uint32Array(memory, start, rows * 2);
      if (column.kind === 'int64-bits') return new Float64Array(memory, start, rows);
      if (scratch[index]!.length < rows) scratch[index] = new Float64Array(rows);
      return int64AsDoubles(words, scratch[index]!.subarray(0, rows), column.name, file);
    }),
  };
}

/** Typed arrays must start on their element size; arrow-rs aligns its buffers to 64 bytes, so anything else is a reader bug. */
function aligned(address: number, size: number, name: string): number {
  if (address % size !== 0) throw new Error(`parquet-wasm handed out column ${name} at ${address}, not aligned to ${size} bytes`);
  return address;
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
  if ((highBits & 0xfff00000) !== 0) throw beyond2To52(name, file);
  return out;
}

function beyond2To52(name: string, file: string): Error {
  return new Error(`${file}: a value of ${name} is negative or beyond 2^52, which the warehouse's reader does not take`);
}

/** The least normal double, 2^-1022: the bits of 2^52 read as a double. */
const LEAST_NORMAL = 2.2250738585072014e-308;

/**
 * Whether an `int64-bits` value holds an id from 1 to 2^52 - 1: a positive subnormal. Zero is
 * refused with the rest because its bits have a twin that is `===` to it (-0, the bits of -2^63),
 * so a consumer that checks only the values unequal to one it checked could let that one through.
 * The engine's ids all start at 1.
 */
export function isIdBits(bits: number): boolean {
  return bits > 0 && bits < LEAST_NORMAL;
}

/** An id outside 1 to 2^52 - 1: a lake written by something other than the engine, not a damaged file. */
export class IdRangeError extends Error {}

/**
 * The refusal of the `int64-bits` value at `values[index]`, which `isIdBits` refused. Its words are
 * read where they lie: a NaN's bits need not survive being copied as a number.
 */
export function idOutOfRange(name: string, values: Float64Array, index: number): IdRangeError {
  const words = new Uint32Array(values.buffer, values.byteOffset + index * 8, 2);
  const value = BigInt.asIntN(64, (BigInt(words[1]!) << 32n) | BigInt(words[0]!));
  return new IdRangeError(`a value of ${name}, ${value}, is not an id from 1 to 2^52 - 1, which the warehouse's reader takes`);
}

const BITS = new Float64Array(1);
const BITS_WORDS = new Uint32Array(BITS.buffer);

/** The integer whose bits an `int64-bits` value is. */
export function int64FromBits(bits: number): number {
  BITS[0] = bits;
  return BITS_WORDS[0]! + BITS_WORDS[1]! * 4294967296;
}
