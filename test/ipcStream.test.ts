import { tableToIPC, Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { toRecordBatch } from '../partitions/columns.js';
import { IpcStreamEncoder } from '../partitions/ipcStream.js';
import { HeartbeatBatch, SessionBatch } from '../partitions/tableBatches.js';
import { DICTIONARIES } from '../workers/dictionaries.js';

// The encoder assembles IPC bytes itself once it has learnt a batch's layout; any drift from
// Arrow JS's own bytes would hand parquet-wasm a different (or unreadable) table.
function fillHeartbeats(batch: HeartbeatBatch, rows: number, seed: number): void {
  for (let i = 0; i < rows; i++) {
    batch.playerId.set(i, 1 + ((i * 7919 + seed) % 50_000));
    batch.eventDatetime.setSeconds(i, 1_735_689_600 + 30 * i + seed);
    batch.teamId.set(i, 4_194_305 * 64 + (i % 50));
    batch.sessionId.set(i, 4_194_305 + seed);
    batch.x.values[i] = (i - seed) / 16;
    batch.y.values[i] = -i / 16;
    batch.z.values[i] = seed;
  }
  batch.rows = rows;
}

describe('IpcStreamEncoder', () => {
  it("gives Arrow JS's bytes for heartbeat batches, full and partial, batch after batch", () => {
    const batch = new HeartbeatBatch(1000);
    const encoder = new IpcStreamEncoder();
    for (const [seed, rows] of [[1, 1000], [2, 1000], [3, 997], [4, 1000], [5, 1]] as const) {
      fillHeartbeats(batch, rows, seed);
      const recordBatch = toRecordBatch(batch.columns(), batch.rows);
      const expected = tableToIPC(new Table(recordBatch), 'stream');
      expect(Buffer.from(encoder.encode(recordBatch)).equals(expected), `batch ${seed}`).toBe(true);
    }
  });

  it('leaves batches with dictionaries to Arrow JS', () => {
    const batch = new SessionBatch(10, DICTIONARIES);
    batch.rows = 3;
    const recordBatch = toRecordBatch(batch.columns(), batch.rows);
    const encoder = new IpcStreamEncoder();
    for (let i = 0; i < 2; i++) expect(Buffer.from(encoder.encode(recordBatch)).equals(tableToIPC(new Table(recordBatch), 'stream'))).toBe(true);
  });
});
