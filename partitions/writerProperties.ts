import { Type } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import type { Column } from './columns.js';

/**
 * How each column is encoded. Ids and timestamps arrive sorted or in long runs, so
 * DELTA_BINARY_PACKED shrinks them to a few bits; floats get BYTE_STREAM_SPLIT, which lets zstd
 * see the slowly changing exponent bytes of a smooth path; dictionaries only where values repeat
 * (strings), since a dictionary over unique values costs time and saves nothing.
 *
 * `writeParquet`/`transformParquetStream` consume the properties object they are given; reusing
 * one silently writes the next file with defaults (uncompressed). So this builds a fresh one per
 * file, and callers must never cache its result.
 */
export const ROW_GROUP_ROWS = 1 << 20;

export function freshWriterProperties(columns: readonly Column[]): parquet.WriterProperties {
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.ZSTD)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .setDictionaryEnabled(false)
    // Row-group min/max is what DuckDB and Spark prune on; page-level statistics cost ~10% of
    // encode time and no reader here uses them.
    .setStatisticsEnabled(parquet.EnabledStatistics.Chunk)
    .setCreatedBy('sprint');
  for (const column of columns) {
    const name = column.field.name;
    const typeId = column.field.typeId;
    if (typeId === Type.Dictionary) builder = builder.setColumnDictionaryEnabled(name, true);
    else if (typeId === Type.Float) builder = builder.setColumnEncoding(name, parquet.Encoding.BYTE_STREAM_SPLIT);
    else if (typeId === Type.Int || typeId === Type.Timestamp || typeId === Type.Date)
      builder = builder.setColumnEncoding(name, parquet.Encoding.DELTA_BINARY_PACKED);
  }
  return builder.build();
}

