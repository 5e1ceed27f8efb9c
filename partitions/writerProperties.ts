import { Type } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import type { Column } from './columns.js';
import { isDimensionTable } from './layout.js';
import type { LakeTable } from './layout.js';

/** An event file's row groups: at most this many rows. */
export const ROW_GROUP_ROWS = 1 << 20;
const WRITE_BATCH_ROWS = 1 << 17;
const PRUNED_COLUMN = 'event_datetime';

/**
 * A dimension table's file is cut into row groups of a page each. DuckDB reads a Parquet file one
 * row group per thread, and an event table is read a day's file per thread, but a unit's players
 * are one file: in one row group (any world under ~1M players a unit) `dim_players` read them on
 * one thread, 0.42 s for the dense world's million players against 0.23 s in eight row groups, for
 * the same CPU. Pages are cut at WRITE_BATCH_ROWS anyway, so the file's bytes barely change.
 */
export const DIMENSION_ROW_GROUP_ROWS = WRITE_BATCH_ROWS;

export function rowGroupRows(table: LakeTable): number {
  return isDimensionTable(table) ? DIMENSION_ROW_GROUP_ROWS : ROW_GROUP_ROWS;
}

/**
 * How each column is encoded. Sorted ids and timestamps get DELTA_BINARY_PACKED, which shrinks
 * them to a few bits; ids that repeat in long runs (a heartbeat's player, team and session ids,
 * ~26 equal values per player run) stay PLAIN: zstd collapses the runs on its own, at half the
 * CPU of delta packing and in fewer bytes (0.10 vs 0.24 B/row for player_id). Floats get
 * BYTE_STREAM_SPLIT, which lets zstd see the slowly changing exponent bytes of a smooth path;
 * dictionaries only where values repeat (strings), since a dictionary over unique values costs
 * time and saves nothing.
 *
 * Floats are compressed with Snappy, everything else with zstd. Positions are the bulk of a
 * heartbeat's bytes and close to incompressible below their exponent bytes, which is where zstd
 * (at the level parquet-wasm fixes) spends its time: alternating runs of encoding real heartbeat
 * batches measured 313-369 ns/row with zstd against 181-230 with Snappy (LZ4_RAW: 186-276), for
 * 6.2 bytes/row instead of 5.0. Snappy rather than LZ4_RAW because every Parquet reader has it.
 *
 * Statistics only on `event_datetime`, as row-group min/max: the one column a reader prunes on
 * inside a date partition (row groups follow match start times), for ~8 ns/row. Elsewhere no
 * reader here filters raw files (the warehouse scans them whole), and min/max over every column
 * cost ~45 ns/row of heartbeat encoding, a sixth of it.
 *
 * Pages are cut every WRITE_BATCH_ROWS rows (parquet-rs otherwise closes one every 20,000 rows
 * whatever its bytes): zstd then compresses ~0.5 MB at a time, 10% fewer bytes and ~10% less CPU.
 *
 * `writeParquet`/`transformParquetStream` consume the properties object they are given; reusing
 * one silently writes the next file with defaults (uncompressed). So this builds a fresh one per
 * file, and callers must never cache its result.
 */
export function freshWriterProperties(columns: readonly Column[], table: LakeTable): parquet.WriterProperties {
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.ZSTD)
    .setMaxRowGroupSize(rowGroupRows(table))
    .setWriteBatchSize(WRITE_BATCH_ROWS)
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(parquet.EnabledStatistics.None)
    .setCreatedBy('sprint');
  for (const column of columns) {
    const name = column.field.name;
    const typeId = column.field.typeId;
    if (name === PRUNED_COLUMN) builder = builder.setColumnStatisticsEnabled(name, parquet.EnabledStatistics.Chunk);
    if (typeId === Type.Dictionary) builder = builder.setColumnDictionaryEnabled(name, true);
    else if (typeId === Type.Float) {
      builder = builder.setColumnEncoding(name, parquet.Encoding.BYTE_STREAM_SPLIT).setColumnCompression(name, parquet.Compression.SNAPPY);
    }
    else if (column.repeats) builder = builder.setColumnEncoding(name, parquet.Encoding.PLAIN);
    else if (typeId === Type.Int || typeId === Type.Timestamp || typeId === Type.Date)
      builder = builder.setColumnEncoding(name, parquet.Encoding.DELTA_BINARY_PACKED);
  }
  return builder.build();
}
