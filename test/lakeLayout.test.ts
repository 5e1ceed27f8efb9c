import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_TABLES, MANIFEST_FILE, SHARDS_FOLDER, isoDate } from '../partitions/layout.js';
import { parseIsoDate } from '../engine/calendar.js';
import { removeFolder, SMALL_WORLD, simulate, temporaryFolder } from './helpers/lake.js';
import { parquetFiles, runSimulate, smallWorldArgs } from './helpers/process.js';
import { rows, withConnection } from './helpers/duckdb.js';

// What readers of the lake are promised about its files (README, "The lake"): one file per event
// table and date whatever the number of player blocks, none left small in the next date by
// sessions that cross midnight, and heartbeats in session order inside each file.

let lake: string;
const DAYS = 12;

beforeAll(async () => {
  lake = temporaryFolder('layout');
  await simulate(lake, { days: DAYS });
});

afterAll(() => removeFolder(lake));

describe('the lake layout', () => {
  it('holds one file per event table and date, plus the night after the last day, for a world of several player blocks', () => {
    expect(SMALL_WORLD.players / SMALL_WORLD.blockSize).toBeGreaterThan(1);
    const files = parquetFiles(lake);
    const first = parseIsoDate(SMALL_WORLD.startDate)!;
    for (const table of EVENT_TABLES) {
      const dates = files.filter((file) => file.startsWith(`${table}/`)).map((file) => /date=([\d-]+)\//.exec(file)![1]!);
      expect(new Set(dates).size, table).toBe(dates.length);
      const inWindow = dates.filter((date) => date < isoDate(first + DAYS));
      expect(inWindow.length, table).toBe(table === 'transactions' ? inWindow.length : DAYS);
    }
    // Sessions that run past the world's last midnight land in one more date, written by the last unit.
    expect(files.filter((file) => file.includes(`date=${isoDate(first + DAYS)}`)).every((file) => file.endsWith(`part-d${String(DAYS - 1).padStart(4, '0')}.parquet`))).toBe(true);
  });

  it('writes each date of sessions and heartbeats in one unit, so a session that crosses midnight adds no file', () => {
    const files = parquetFiles(lake).filter((file) => file.startsWith('heartbeats/') || file.startsWith('sessions/'));
    expect(files.length).toBe(2 * (DAYS + 1));
    for (const file of files) {
      const date = /date=([\d-]+)\//.exec(file)![1]!;
      const day = Math.min(parseIsoDate(date)! - parseIsoDate(SMALL_WORLD.startDate)!, DAYS - 1);
      expect(path.basename(file)).toBe(`part-d${String(day).padStart(4, '0')}.parquet`);
    }
  });

  it('keeps heartbeats in session order inside every file, each player-run contiguous and in time order', async () => {
    await withConnection(async (db) => {
      const files = parquetFiles(lake).filter((f) => f.startsWith('heartbeats/'));
      expect(files.length).toBe(DAYS + 1);
      for (const relative of files) {
        const file = path.join(lake, relative);
        const [result] = await rows(
          db,
          `WITH ordered AS (
             SELECT session_id, team_id, player_id, event_datetime,
                    lag(session_id) OVER w AS prev_session, lag(team_id) OVER w AS prev_team,
                    lag(player_id) OVER w AS prev_player, lag(event_datetime) OVER w AS prev_time
             FROM (SELECT *, row_number() OVER () AS n FROM read_parquet('${file}')) WINDOW w AS (ORDER BY n))
           SELECT
             count(*) FILTER (WHERE session_id < prev_session) AS sessions_back,
             count(*) FILTER (WHERE session_id = prev_session AND team_id < prev_team) AS teams_back,
             count(*) FILTER (WHERE player_id = prev_player AND session_id = prev_session AND event_datetime <= prev_time) AS ticks_back,
             count(DISTINCT session_id) AS sessions,
             count(*) FILTER (WHERE prev_player IS DISTINCT FROM player_id OR prev_session IS DISTINCT FROM session_id) AS run_starts,
             count(DISTINCT (session_id, player_id)) AS player_sessions
           FROM ordered`,
        );
        expect(result, file).toMatchObject({ sessions_back: 0n, teams_back: 0n, ticks_back: 0n });
        expect(Number(result!.sessions)).toBeGreaterThan(1);
        // Each player's heartbeats in a session form one run: as many run starts as player-sessions.
        expect(result!.run_starts, file).toBe(result!.player_sessions);
      }
    });
  });
});

describe('a lake by another engine', () => {
  it('is refused by --resume, in one line naming what differs', async () => {
    const other = temporaryFolder('other-engine');
    const args = smallWorldArgs(other, { days: 3 });
    expect((await runSimulate(args)).code).toBe(0);
    const file = path.join(other, MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    manifest.engine.bundle = 'an-older-build';
    delete manifest.units[Object.keys(manifest.units).at(-1)!];
    writeFileSync(file, JSON.stringify(manifest));
    const resumed = await runSimulate([...args, '--resume']);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr.trim().split('\n')).toHaveLength(1);
    expect(resumed.stderr).toMatch(/--resume: the lake was written by another Sprint \(its bundle is an-older-build, this one's [0-9a-f]{16}\)/);
    removeFolder(other);
  });

  it('is refused when a shard joins it', async () => {
    const other = temporaryFolder('other-shard');
    expect((await runSimulate([...smallWorldArgs(other, { days: 3 }), '--shard', '0/2'])).code).toBe(0);
    const file = path.join(other, SHARDS_FOLDER, '0-of-2', MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    manifest.engine.node = 'v0.0.1';
    writeFileSync(file, JSON.stringify(manifest));
    const joined = await runSimulate([...smallWorldArgs(other, { days: 3 }), '--shard', '1/2']);
    expect(joined.code).toBe(2);
    expect(joined.stderr).toMatch(/--shard 1\/2: the lake was written by another Sprint \(its node is v0\.0\.1/);
    removeFolder(other);
  });
});

describe('--shard auto/N', () => {
  it('takes its index from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX, and says so when neither is set', async () => {
    const lakeK8s = temporaryFolder('auto');
    const k8s = await runSimulate([...smallWorldArgs(lakeK8s, { days: 2 }), '--shard', 'auto/3'], { env: { JOB_COMPLETION_INDEX: '2' } });
    expect(k8s.code).toBe(0);
    expect(readFileSync(path.join(lakeK8s, SHARDS_FOLDER, '2-of-3', MANIFEST_FILE), 'utf8')).toContain('"index": 2');
    const batch = await runSimulate([...smallWorldArgs(lakeK8s, { days: 2 }), '--shard', 'auto/3'], { env: { AWS_BATCH_JOB_ARRAY_INDEX: '0' } });
    expect(batch.code).toBe(0);
    expect(readFileSync(path.join(lakeK8s, SHARDS_FOLDER, '0-of-3', MANIFEST_FILE), 'utf8')).toContain('"index": 0');
    const none = await runSimulate([...smallWorldArgs(temporaryFolder('auto-none'), { days: 2 }), '--shard', 'auto/3'], { env: { JOB_COMPLETION_INDEX: '', AWS_BATCH_JOB_ARRAY_INDEX: '' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--shard auto\/3 takes its index from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX, and neither is set/);
    removeFolder(lakeK8s);
  });
});
