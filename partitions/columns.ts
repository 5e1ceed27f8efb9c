import * as arrow from 'apache-arrow';

/**
 * Column builders over preallocated typed arrays. A worker fills them row by row with plain
 * numbers and hands the buffers to Arrow as they are (zero copy: no per-row objects, no
 * `vectorFromArray`), then reuses them for the next batch once the batch is serialised.
 */
export interface Column {
  readonly field: arrow.Field;
  /** Values come in long runs of equal values: the encoding can leave them to the compressor. */
  readonly repeats?: boolean;
  toData(length: number): arrow.Data;
}

const TWO_32 = 4294967296;

/** Int64-backed columns (BIGINT ids, microsecond timestamps) written as two 32-bit halves. */
export class Int64Column implements Column {
  readonly field: arrow.Field;
  readonly repeats: boolean;
  private readonly values: BigInt64Array;
  private readonly words: Uint32Array;
  constructor(name: string, capacity: number, options: { type?: arrow.DataType; repeats?: boolean } = {}) {
    this.field = new arrow.Field(name, options.type ?? new arrow.Int64(), false);
    this.repeats = options.repeats ?? false;
    this.values = new BigInt64Array(capacity);
    this.words = new Uint32Array(this.values.buffer);
  }
  /** `value` must be a non-negative integer below 2^53. */
  set(row: number, value: number): void {
    this.words[2 * row] = value >>> 0;
    this.words[2 * row + 1] = (value / TWO_32) >>> 0;
  }
  /** The same value in `count` rows from `row` on: split once, stored many times. */
  fill(row: number, count: number, value: number): void {
    const lo = value >>> 0;
    const hi = (value / TWO_32) >>> 0;
    const words = this.words;
    for (let w = 2 * row, end = 2 * (row + count); w < end; w += 2) {
      words[w] = lo;
      words[w + 1] = hi;
    }
  }
  toData(length: number): arrow.Data {
    return arrow.makeData({ type: this.field.type, length, data: this.values.subarray(0, length) } as never);
  }
}

const TIMESTAMP_UTC = new arrow.Timestamp(arrow.TimeUnit.MICROSECOND, 'UTC');

/** A UTC timestamp filled from epoch seconds. */
export class TimestampColumn extends Int64Column {
  constructor(name: string, capacity: number) {
    super(name, capacity, { type: TIMESTAMP_UTC });
  }
  setSeconds(row: number, epochSecond: number): void {
    this.set(row, epochSecond * 1_000_000);
  }
  /** `count` timestamps from `firstSecond`, `stepSeconds` apart. */
  fillSeconds(row: number, count: number, firstSecond: number, stepSeconds: number): void {
    for (let i = 0; i < count; i++) this.set(row + i, (firstSecond + i * stepSeconds) * 1_000_000);
  }
}

/** One bit per row, least significant first: Arrow's layout for booleans and validity. */
class Bits {
  private readonly bytes: Uint8Array;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.ceil(capacity / 8));
  }
  set(row: number, on: boolean): void {
    if (on) this.bytes[row >> 3]! |= 1 << (row & 7);
    else this.bytes[row >> 3]! &= ~(1 << (row & 7));
  }
  /** The bytes holding the first `length` rows. */
  head(length: number): Uint8Array {
    return this.bytes.subarray(0, Math.ceil(length / 8));
  }
  /** As a validity bitmap: Arrow's null bitmap and null count for the first `length` rows. */
  forArrow(length: number): { nullBitmap: Uint8Array; nullCount: number } {
    let valid = 0;
    for (let row = 0; row < length; row++) valid += (this.bytes[row >> 3]! >> (row & 7)) & 1;
    return { nullBitmap: this.head(length).slice(), nullCount: length - valid };
  }
}

abstract class FixedColumn<T extends Int32Array | Float32Array> implements Column {
  readonly field: arrow.Field;
  readonly values: T;
  private readonly validity: Bits | null;
  constructor(name: string, type: arrow.DataType, values: T, nullable: boolean) {
    this.field = new arrow.Field(name, type, nullable);
    this.values = values;
    this.validity = nullable ? new Bits(values.length) : null;
  }
  set(row: number, value: number | null): void {
    this.validity?.set(row, value !== null);
    this.values[row] = value ?? 0;
  }
  toData(length: number): arrow.Data {
    return arrow.makeData({
      type: this.field.type,
      length,
      data: this.values.subarray(0, length),
      ...this.validity?.forArrow(length),
    } as never);
  }
}

export class Int32Column extends FixedColumn<Int32Array> {
  constructor(name: string, capacity: number) {
    super(name, new arrow.Int32(), new Int32Array(capacity), false);
  }
}

export class Float32Column extends FixedColumn<Float32Array> {
  constructor(name: string, capacity: number) {
    super(name, new arrow.Float32(), new Float32Array(capacity), false);
  }
}

/** DATE as days since the epoch; null allowed when `nullable`. */
export class DateColumn extends FixedColumn<Int32Array> {
  constructor(name: string, capacity: number, nullable = false) {
    super(name, new arrow.DateDay(), new Int32Array(capacity), nullable);
  }
}

/** DECIMAL(12,2) from integer cents. */
export class DecimalColumn implements Column {
  readonly field: arrow.Field;
  private readonly words: Uint32Array;
  constructor(name: string, capacity: number) {
    this.field = new arrow.Field(name, new arrow.Decimal(2, 12, 128), false);
    this.words = new Uint32Array(capacity * 4);
  }
  setCents(row: number, cents: number): void {
    this.words[4 * row] = cents >>> 0;
  }
  toData(length: number): arrow.Data {
    return arrow.makeData({ type: this.field.type, length, data: this.words.subarray(0, length * 4) } as never);
  }
}

export class BoolColumn implements Column {
  readonly field: arrow.Field;
  private readonly bits: Bits;
  constructor(name: string, capacity: number) {
    this.field = new arrow.Field(name, new arrow.Bool(), false);
    this.bits = new Bits(capacity);
  }
  set(row: number, value: boolean): void {
    this.bits.set(row, value);
  }
  toData(length: number): arrow.Data {
    return arrow.makeData({ type: this.field.type, length, data: this.bits.head(length) } as never);
  }
}

/**
 * A string column of many distinct values (a gamertag per player), filled from bytes the caller
 * already holds as UTF-8, in row order from 0 after each flush: no string is built per row.
 */
export class Utf8Column implements Column {
  readonly field: arrow.Field;
  private readonly offsets: Int32Array;
  private bytes: Uint8Array;
  constructor(name: string, capacity: number, bytesPerRow: number) {
    this.field = new arrow.Field(name, new arrow.Utf8(), false);
    this.offsets = new Int32Array(capacity + 1);
    this.bytes = new Uint8Array(capacity * bytesPerRow);
  }
  /** `row` must be 0 or the row after the last one set. */
  setBytes(row: number, source: Uint8Array, length: number): void {
    const start = this.offsets[row]!;
    if (start + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(2 * this.bytes.length, start + length));
      grown.set(this.bytes.subarray(0, start));
      this.bytes = grown;
    }
    this.bytes.set(source.subarray(0, length), start);
    this.offsets[row + 1] = start + length;
  }
  toData(length: number): arrow.Data {
    return arrow.makeData({
      type: this.field.type,
      length,
      valueOffsets: this.offsets.subarray(0, length + 1),
      data: this.bytes.subarray(0, this.offsets[length]!),
    } as never);
  }
}

let nextDictionaryId = 0;

/**
 * A low-cardinality string column (country, platform, SKU…) as indices into a fixed list of
 * values. Readers see plain strings; the file stores a dictionary page and small integers.
 */
export class DictionaryColumn implements Column {
  readonly field: arrow.Field;
  private readonly indices: Uint8Array;
  private readonly validity: Bits | null;
  private readonly dictionary: arrow.Vector;
  constructor(name: string, capacity: number, values: readonly string[], nullable = false) {
    if (values.length > 256) throw new RangeError(`dictionary column ${name} holds at most 256 values`);
    this.dictionary = arrow.vectorFromArray([...values], new arrow.Utf8());
    this.field = new arrow.Field(name, new arrow.Dictionary(new arrow.Utf8(), new arrow.Uint8(), nextDictionaryId++), nullable);
    this.indices = new Uint8Array(capacity);
    this.validity = nullable ? new Bits(capacity) : null;
  }
  set(row: number, index: number | null): void {
    this.validity?.set(row, index !== null);
    this.indices[row] = index ?? 0;
  }
  toData(length: number): arrow.Data {
    return arrow.makeData({
      type: this.field.type,
      length,
      data: this.indices.subarray(0, length),
      dictionary: this.dictionary,
      ...this.validity?.forArrow(length),
    } as never);
  }
}

/** Assembles the columns' current contents into one record batch. */
export function toRecordBatch(columns: readonly Column[], length: number): arrow.RecordBatch {
  const fields = columns.map((c) => c.field);
  const children = columns.map((c) => c.toData(length));
  return new arrow.RecordBatch(new arrow.Schema(fields), arrow.makeData({ type: new arrow.Struct(fields), length, children }));
}
