import { Table, tableToIPC, Type, type RecordBatch } from 'apache-arrow';
import { Buffer } from 'node:buffer';

/**
 * A record batch as Arrow IPC stream bytes, the form parquet-wasm takes in.
 *
 * Arrow JS's `tableToIPC` builds its messages anew and returns a fresh buffer the size of the
 * batch each time (11 MB for 262,144 heartbeats), which the garbage collector then chases. For a
 * batch of non-null fixed-width columns the bytes before the body (schema and record-batch
 * messages) depend only on the schema and the row count, and the body is the columns' values one
 * after another, each padded to 8 bytes. So the prefix is learnt once from Arrow JS's own output,
 * and later batches of that length are assembled into one reused buffer. The assembled form is
 * compared byte for byte with Arrow JS's on the batch it was learnt from; a mismatch, dictionaries,
 * nulls or another length (a file's last batch) take the plain `tableToIPC` path.
 *
 * The bytes returned may be overwritten by the next `encode`: consume them first
 * (`parquet.Table.fromIPCStream` copies them into wasm memory at once).
 */
export class IpcStreamEncoder {
  private layout: { rows: number; prefix: Uint8Array } | null = null;
  private fixed: boolean | null = null;
  private buffer = new Uint8Array(0);

  encode(batch: RecordBatch): Uint8Array {
    this.fixed ??= isFixedWidth(batch);
    if (this.fixed && this.layout?.rows === batch.numRows) return this.assemble(this.layout.prefix, valueBytes(batch));
    const bytes = tableToIPC(new Table(batch), 'stream');
    // Learnt for the longest batch seen: full batches repeat, a file's last, partial one does not.
    if (this.fixed && batch.numRows > (this.layout?.rows ?? 0)) this.learn(batch, bytes);
    return bytes;
  }

  private learn(batch: RecordBatch, bytes: Uint8Array): void {
    const values = valueBytes(batch);
    const bodyLength = values.reduce((sum, v) => sum + padded(v.byteLength), 0);
    const prefixLength = bytes.byteLength - bodyLength - END_OF_STREAM.byteLength;
    if (prefixLength <= 0) return;
    const prefix = bytes.slice(0, prefixLength);
    const assembled = this.assemble(prefix, values);
    if (equalBytes(assembled, bytes)) this.layout = { rows: batch.numRows, prefix };
    else this.fixed = false;
  }

  private assemble(prefix: Uint8Array, values: Uint8Array[]): Uint8Array {
    const total = prefix.byteLength + values.reduce((sum, v) => sum + padded(v.byteLength), 0) + END_OF_STREAM.byteLength;
    if (this.buffer.byteLength < total) this.buffer = new Uint8Array(total);
    const out = this.buffer.subarray(0, total);
    out.set(prefix, 0);
    let at = prefix.byteLength;
    for (const v of values) {
      out.set(v, at);
      out.fill(0, at + v.byteLength, at + padded(v.byteLength));
      at += padded(v.byteLength);
    }
    out.set(END_OF_STREAM, at);
    return out;
  }
}

/** The stream's end: a continuation marker and a zero length. */
const END_OF_STREAM = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
const FIXED_WIDTH = new Set<Type>([Type.Int, Type.Float, Type.Timestamp, Type.Date]);

function isFixedWidth(batch: RecordBatch): boolean {
  return batch.schema.fields.every((f) => !f.nullable && FIXED_WIDTH.has(f.typeId)) && batch.data.children.every((c) => c.nullCount === 0);
}

function valueBytes(batch: RecordBatch): Uint8Array[] {
  return batch.data.children.map((c) => {
    const v = c.values as ArrayBufferView;
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  });
}

function padded(n: number): number {
  return (n + 7) & ~7;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
