import { HEARTBEAT_SECONDS, type EventSink } from '../engine/simulateDay.js';
import { PRODUCTS } from '../engine/products.js';
import { SECONDS_PER_DAY } from '../engine/calendar.js';
import { eventFilePath, type EventTable } from '../partitions/layout.js';
import { ParquetFileWriter, type WrittenFile } from '../partitions/parquetFileWriter.js';
import { HeartbeatBatch, SessionBatch, SignonBatch, TransactionBatch, type TableBatch } from '../partitions/tableBatches.js';
import { DICTIONARIES } from './dictionaries.js';

/**
 * Heartbeats dominate the lake. With the hand-off to wasm costing little per batch, a smaller
 * batch wins by staying nearer the cache: 131,072 rows cost ~3% less CPU than 262,144, and
 * 1,048,576 ~5% more.
 */
const HEARTBEAT_BATCH_ROWS = 1 << 17;
const EVENT_BATCH_ROWS = 1 << 16;

interface Route<B extends TableBatch> {
  epochDay: number;
  batch: B;
  writer: ParquetFileWriter;
}

/**
 * Batches outlive the unit that used them: a worker reuses them for its next unit rather than
 * allocating megabytes of typed arrays (and their dictionaries) per file. A batch is free again
 * once its file is closed, since `write` serialises its rows at once.
 */
const freeBatches = new Map<EventTable, TableBatch[]>();

function takeBatch<B extends TableBatch>(table: EventTable, create: () => B): B {
  return (freeBatches.get(table)?.pop() as B | undefined) ?? create();
}

function returnBatch(batch: TableBatch): void {
  batch.rows = 0;
  const list = freeBatches.get(batch.table as EventTable) ?? [];
  list.push(batch);
  freeBatches.set(batch.table as EventTable, list);
}

const PRODUCT_TYPE_INDEX = PRODUCTS.map((p) => DICTIONARIES.transactionTypes.indexOf(p.transactionType));
const PRODUCT_CYCLE_INDEX = PRODUCTS.map((p) => (p.cycle === null ? null : DICTIONARIES.cycles.indexOf(p.cycle)));

/**
 * Turns the world's rows into Parquet files: one file per table and UTC date the unit touches
 * (a session that crosses midnight lands in the next date's partition), each streamed through a
 * reused batch so memory holds one batch per open file.
 */
export class LakeSink implements EventSink {
  private readonly routes = new Map<string, Route<TableBatch>>();
  private heartbeatRoute: Route<HeartbeatBatch> | null = null;
  private sessionRoute: Route<SessionBatch> | null = null;
  private signonRoute: Route<SignonBatch> | null = null;
  private transactionRoute: Route<TransactionBatch> | null = null;

  constructor(
    private readonly lakeRoot: string,
    private readonly unitName: string,
  ) {}

  signon(playerId: number, epochSecond: number, country: number, platform: number): void {
    const route = (this.signonRoute = this.routeFor(this.signonRoute, 'signons', epochSecond, () => new SignonBatch(EVENT_BATCH_ROWS, DICTIONARIES)));
    const b = route.batch;
    const row = b.rows++;
    b.playerId.set(row, playerId);
    b.eventDatetime.setSeconds(row, epochSecond);
    b.country.set(row, country);
    b.platform.set(row, platform);
    if (b.full) this.flush(route);
  }

  session(playerId: number, sessionId: number, teamId: number, endEpochSecond: number, country: number, lengthSeconds: number, kills: number, deaths: number, mode: number, region: number, platform: number): void {
    const route = (this.sessionRoute = this.routeFor(this.sessionRoute, 'sessions', endEpochSecond, () => new SessionBatch(EVENT_BATCH_ROWS, DICTIONARIES)));
    const b = route.batch;
    const row = b.rows++;
    b.playerId.set(row, playerId);
    b.sessionId.set(row, sessionId);
    b.teamId.set(row, teamId);
    b.eventDatetime.setSeconds(row, endEpochSecond);
    b.country.set(row, country);
    b.lengthSeconds.set(row, lengthSeconds);
    b.kills.set(row, kills);
    b.deaths.set(row, deaths);
    b.gameMode.set(row, mode);
    b.region.set(row, region);
    b.platform.set(row, platform);
    if (b.full) this.flush(route);
  }

  heartbeats(playerId: number, teamId: number, sessionId: number, firstEpochSecond: number, count: number, x: Float32Array, y: Float32Array, z: Float32Array): void {
    let k = 0;
    while (k < count) {
      const second = firstEpochSecond + k * HEARTBEAT_SECONDS;
      const route = (this.heartbeatRoute = this.routeFor(this.heartbeatRoute, 'heartbeats', second, () => new HeartbeatBatch(HEARTBEAT_BATCH_ROWS)));
      const b = route.batch;
      // A run stops at midnight (the rest belongs to the next date's file) or when the batch fills.
      const untilMidnight = Math.ceil(((route.epochDay + 1) * SECONDS_PER_DAY - second) / HEARTBEAT_SECONDS);
      const n = Math.min(count - k, untilMidnight, b.capacity - b.rows);
      const row = b.rows;
      b.playerId.fill(row, n, playerId);
      b.teamId.fill(row, n, teamId);
      b.sessionId.fill(row, n, sessionId);
      b.eventDatetime.fillSeconds(row, n, second, HEARTBEAT_SECONDS);
      // A loop, not set(subarray()): runs are ~40 rows, and three views per run were garbage.
      const bx = b.x.values;
      const by = b.y.values;
      const bz = b.z.values;
      for (let j = 0; j < n; j++) {
        bx[row + j] = x[k + j]!;
        by[row + j] = y[k + j]!;
        bz[row + j] = z[k + j]!;
      }
      b.rows += n;
      k += n;
      if (b.full) this.flush(route);
    }
  }

  transaction(transactionId: number, playerId: number, epochSecond: number, productIndex: number, country: number, isRenewal: boolean): void {
    const route = (this.transactionRoute = this.routeFor(this.transactionRoute, 'transactions', epochSecond, () => new TransactionBatch(EVENT_BATCH_ROWS, DICTIONARIES)));
    const b = route.batch;
    const row = b.rows++;
    const product = PRODUCTS[productIndex]!;
    b.transactionId.set(row, transactionId);
    b.playerId.set(row, playerId);
    b.eventDatetime.setSeconds(row, epochSecond);
    b.purchaseItem.set(row, productIndex);
    b.purchasePrice.setCents(row, product.priceCents);
    b.currency.set(row, 0);
    b.isRecurring.set(row, product.isRecurring);
    b.cycle.set(row, PRODUCT_CYCLE_INDEX[productIndex]!);
    b.transactionType.set(row, PRODUCT_TYPE_INDEX[productIndex]!);
    b.productId.set(row, product.productId);
    b.country.set(row, country);
    b.isRenewal.set(row, isRenewal);
    if (b.full) this.flush(route);
  }

  get needsDrain(): boolean {
    for (const route of this.routes.values()) if (route.writer.needsDrain) return true;
    return false;
  }

  async drain(): Promise<void> {
    for (const route of this.routes.values()) await route.writer.drain();
  }

  /** Writes what is left and publishes every file; returns them in a stable order. */
  async close(): Promise<WrittenFile[]> {
    const closing = [...this.routes.values()].map((route) => {
      route.writer.write(route.batch);
      route.batch.rows = 0;
      return route.writer.close();
    });
    const files = await Promise.all(closing);
    for (const route of this.routes.values()) returnBatch(route.batch);
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }

  async abort(): Promise<void> {
    await Promise.all([...this.routes.values()].map((route) => route.writer.abort()));
  }

  private routeFor<B extends TableBatch>(current: Route<B> | null, table: EventTable, epochSecond: number, create: () => B): Route<B> {
    const epochDay = Math.floor(epochSecond / SECONDS_PER_DAY);
    if (current && current.epochDay === epochDay) return current;
    const key = `${table}/${epochDay}`;
    let route = this.routes.get(key) as Route<B> | undefined;
    if (!route) {
      const relativePath = eventFilePath(table, epochDay, this.unitName);
      route = { epochDay, batch: takeBatch(table, create), writer: new ParquetFileWriter(this.lakeRoot, relativePath, table) };
      this.routes.set(key, route as unknown as Route<TableBatch>);
    }
    return route;
  }

  private flush(route: Route<TableBatch>): void {
    route.writer.write(route.batch);
    route.batch.rows = 0;
  }
}
