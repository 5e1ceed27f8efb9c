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
      const appender = new RowGroupAppender(await connection.createAppender('t'), ['BIGINT', 'BIGINT']);
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

  it('writes a TIMESTAMP column from whole microseconds exactly, and refuses one that is not whole', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      await connection.run('CREATE TABLE t (id BIGINT, tick TIMESTAMP, partition_date DATE)');
      // Past 2^32 and 2^52 microseconds, both words of each value matter; 5,000 rows span chunks.
      const micros = Float64Array.from({ length: 5_000 }, (_, i) => (i === 0 ? 0 : i === 1 ? 2 ** 53 - 1 : 1_740_787_200_000_000 + i * 30_000_001));
      const appender = new RowGroupAppender(await connection.createAppender('t'), ['BIGINT', 'TIMESTAMP']);
      appender.append([Float64Array.from(micros, (_, i) => i), micros], '2025-03-01');
      expect(() => appender.append([new Float64Array([1]), new Float64Array([1.5])], '2025-03-01')).toThrow(/whole microseconds .* not 1\.5/);
      appender.flushSync();
      appender.closeSync();
      const stored = await rows(connection, 'SELECT id, epoch_us(tick) AS micros FROM t ORDER BY id');
      expect(stored.map((row) => [Number(row.id), row.micros])).toEqual(Array.from(micros, (value, i) => [i, BigInt(value)]));
      const [first] = await rows(connection, "SELECT strftime(tick, '%Y-%m-%d %H:%M:%S.%f') AS tick FROM t WHERE id = 2");
      expect(first).toEqual({ tick: '2025-03-01 00:01:00.000002' });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
