import * as parquet from 'parquet-wasm/node';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { toRecordBatch } from './columns.js';
import { IpcStreamEncoder } from './ipcStream.js';
import { freshWriterProperties } from './writerProperties.js';
import { publishFile, temporaryPathFor, writeAll } from './atomicWrite.js';
import type { TableBatch } from './tableBatches.js';
import type { LakeTable } from './layout.js';

/** One encoder per batch: batches are reused from file to file, and so is what their encoder learnt. */
const encoders = new WeakMap<TableBatch, IpcStreamEncoder>();

/** Encoded output is written to disk in pieces of about this size. */
const WRITE_BYTES = 4 << 20;

export interface WrittenFile {
  table: string;
  /** Relative to the lake root, with forward slashes. */
  path: string;
  rows: number;
  bytes: number;
}

/**
 * Streams record batches into one Parquet file. parquet-wasm encodes a row group at a time as the
 * stream is pulled, so wasm memory holds one row group, not the file (its memory never shrinks,
 * so it must never see a whole file). The file is written under a temporary name and published
 * atomically on `close`.
 *
 * `write` is synchronous so that the simulation can stay a plain loop; when `needsDrain` turns
 * true the caller awaits `drain()`, which lets the encoder catch up.
 */
export class ParquetFileWriter {
  private controller!: ReadableStreamDefaultController<parquet.RecordBatch>;
  private readonly input: ReadableStream<parquet.RecordBatch>;
  private waiters: Array<() => void> = [];
  private pump: Promise<number> | null = null;
  private failure: Promise<never> | null = null;
  private rows = 0;
  private readonly temporaryPath: string;
  private readonly finalPath: string;

  constructor(
    root: string,
    readonly relativePath: string,
    private readonly table: LakeTable,
  ) {
    this.finalPath = path.join(root, relativePath);
    this.temporaryPath = temporaryPathFor(this.finalPath);
    this.input = new ReadableStream<parquet.RecordBatch>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: () => {
          const waiters = this.waiters;
          this.waiters = [];
          for (const wake of waiters) wake();
        },
      },
      { highWaterMark: 1 },
    );
  }

  /** Serialises the batch's current rows into wasm memory and queues them for encoding. */
  write(batch: TableBatch): void {
    if (batch.rows === 0) return;
    let encoder = encoders.get(batch);
    if (!encoder) encoders.set(batch, (encoder = new IpcStreamEncoder()));
    const wasmTable = parquet.Table.fromIPCStream(encoder.encode(toRecordBatch(batch.columns(), batch.rows)));
    for (const recordBatch of wasmTable.recordBatches()) this.controller.enqueue(recordBatch);
    wasmTable.free();
    this.rows += batch.rows;
    if (!this.pump) this.start(batch);
  }

  get needsDrain(): boolean {
    return (this.controller.desiredSize ?? 1) <= 0;
  }

  async drain(): Promise<void> {
    while (this.needsDrain) {
      await Promise.race([new Promise<void>((wake) => this.waiters.push(wake)), this.failure]);
    }
  }

  async close(): Promise<WrittenFile> {
    this.controller.close();
    const bytes = await this.pump!;
    await publishFile(this.temporaryPath, this.finalPath);
    return { table: this.table, path: this.relativePath, rows: this.rows, bytes };
  }

  async abort(): Promise<void> {
    try {
      this.controller.error(new Error('aborted'));
    } catch {
      // already closed or errored
    }
    await this.pump?.catch(() => undefined);
    await rm(this.temporaryPath, { force: true });
  }

  private start(first: TableBatch): void {
    const properties = freshWriterProperties(first.columns(), this.table);
    this.pump = this.run(properties);
    this.failure = this.pump.then(() => new Promise<never>(() => undefined));
    this.pump.catch(() => undefined);
    this.failure.catch(() => undefined);
  }

  private async run(properties: parquet.WriterProperties): Promise<number> {
    await mkdir(path.dirname(this.finalPath), { recursive: true });
    const output = await parquet.transformParquetStream(this.input, properties);
    let handle: FileHandle | null = await open(this.temporaryPath, 'w');
    let bytes = 0;
    // One write in flight while the encoder produces the next chunks, which are gathered into
    // large writes: the disk and the encoder overlap instead of taking turns.
    let pending: Promise<unknown> = Promise.resolve();
    let gathered: Uint8Array[] = [];
    let gatheredBytes = 0;
    const flush = async () => {
      await pending;
      const chunks = gathered;
      gathered = [];
      gatheredBytes = 0;
      pending = writeAll(handle!, chunks);
      pending.catch(() => undefined);
    };
    try {
      for await (const chunk of output as unknown as AsyncIterable<Uint8Array>) {
        gathered.push(chunk);
        gatheredBytes += chunk.byteLength;
        bytes += chunk.byteLength;
        if (gatheredBytes >= WRITE_BYTES) await flush();
      }
      await flush();
      await pending;
      await handle.sync();
      await handle.close();
      handle = null;
      return bytes;
    } finally {
      if (handle) await handle.close();
    }
  }
}
