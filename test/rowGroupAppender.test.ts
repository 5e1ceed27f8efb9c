import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { RowGroupAppender } from '../warehouse/heartbeatDigest/appendColumns.js';
import { removeFolder, temporaryFolder } from './helpers/lake.js';
import { rows } from './helpers/duckdb.js';

// The digest's appender, on a real DuckDB file in autocommit mode as a full build writes it: files'
// digests of uneven sizes go in as whole row groups, so no later checkpoint has to merge them.

describe('appending digest rows a row group at a time', () => {
  let dir: string;
  beforeAll(() => {
    dir = temporaryFolder('row-group-appender');
  });
  afterAll(() => removeFolder(dir));

  it('fills every row group but the last, whatever the sizes of the pieces, and keeps every row', async () => {
    const instance = await DuckDBInstance.create(path.join(dir, 'digest.duckdb'));
    const connection = await instance.connect();
    try {
      await connection.run('CREATE TABLE t (a BIGINT, b BIGINT, partition_date DATE)');
      const appender = new RowGroupAppender(await connection.createAppender('t'));
      let total = 0;
      for (let piece = 0; piece < 12; piece++) {
        const size = 37_000 + piece * 9_001;
        appender.append([Float64Array.from({ length: size }, (_, i) => total + i), new Float64Array(size).fill(piece)], `2025-01-${String(piece + 1).padStart(2, '0')}`);
        total += size;
      }
      appender.flushSync();
      appender.closeSync();
      await connection.run('CHECKPOINT');
      const groups = await rows(connection, "SELECT row_group_id, max(count) AS rows FROM pragma_storage_info('t') GROUP BY row_group_id ORDER BY row_group_id");
      const sizes = groups.map((group) => Number(group.rows));
      expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(total);
      expect(sizes.slice(0, -1).every((size) => size === 122_880), sizes.join(' ')).toBe(true);
      expect(sizes.length).toBe(Math.ceil(total / 122_880));
      const [check] = await rows(connection, "SELECT count(DISTINCT a) AS ids, max(a) AS last, count(*) FILTER (WHERE partition_date = DATE '2025-01-12') AS last_piece FROM t");
      expect(check).toEqual({ ids: BigInt(total), last: BigInt(total - 1), last_piece: BigInt(37_000 + 11 * 9_001) });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
