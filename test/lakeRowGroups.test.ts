import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParquetFileWriter } from '../partitions/parquetFileWriter.js';
import { HeartbeatBatch, ProductBatch } from '../partitions/tableBatches.js';
import { DIMENSION_ROW_GROUP_ROWS, ROW_GROUP_ROWS } from '../partitions/writerProperties.js';
import { DICTIONARIES } from '../workers/dictionaries.js';
import { rows, withConnection } from './helpers/duckdb.js';
import { removeFolder, temporaryFolder } from './helpers/lake.js';

// A dimension file is one file for a whole unit, so its row groups are all DuckDB can read it in
// parallel by; an event table has a file per day, whose row groups stay large for the digest.
const ROWS = 2 * DIMENSION_ROW_GROUP_ROWS + 1_000;

let lake: string;

beforeAll(() => {
  lake = temporaryFolder('row-groups');
});

afterAll(() => removeFolder(lake));

async function rowGroupSizes(file: string): Promise<number[]> {
  return withConnection(async (connection) => {
    const groups = await rows(connection, `SELECT row_group_id, any_value(row_group_num_rows) AS n FROM parquet_metadata('${file}') GROUP BY row_group_id ORDER BY row_group_id`);
    return groups.map((group) => Number(group.n));
  });
}

describe('the row groups the lake writes', () => {
  it('cuts a dimension file into row groups of DIMENSION_ROW_GROUP_ROWS rows', async () => {
    const writer = new ParquetFileWriter(lake, 'products/part-products.parquet', 'products');
    const batch = new ProductBatch(ROWS, DICTIONARIES, ['a product']);
    for (let row = 0; row < ROWS; row++) {
      batch.productId.set(row, row + 1);
      batch.priceUsd.setCents(row, 499);
    }
    batch.rows = ROWS;
    writer.write(batch);
    await writer.close();
    expect(await rowGroupSizes(path.join(lake, 'products/part-products.parquet'))).toEqual([DIMENSION_ROW_GROUP_ROWS, DIMENSION_ROW_GROUP_ROWS, 1_000]);
  });

  it('keeps an event file of the same rows in one row group of up to ROW_GROUP_ROWS', async () => {
    expect(ROWS).toBeLessThan(ROW_GROUP_ROWS);
    const writer = new ParquetFileWriter(lake, 'heartbeats/date=2025-03-01/part-d0000.parquet', 'heartbeats');
    const batch = new HeartbeatBatch(ROWS);
    for (let row = 0; row < ROWS; row++) {
      batch.sessionId.set(row, 1 + Math.floor(row / 100));
      batch.teamId.set(row, 1 + Math.floor(row / 50));
      batch.playerId.set(row, 1 + Math.floor(row / 25));
      batch.eventDatetime.setSeconds(row, 1_740_787_200 + (row % 25) * 30);
    }
    batch.rows = ROWS;
    writer.write(batch);
    await writer.close();
    expect(await rowGroupSizes(path.join(lake, 'heartbeats/date=2025-03-01/part-d0000.parquet'))).toEqual([ROWS]);
  });
});
