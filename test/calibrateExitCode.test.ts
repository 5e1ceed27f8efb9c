import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { DEFAULT_CONFIG, type WorldConfig } from '../engine/config.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { runNpm } from './helpers/process.js';
import { build } from './helpers/warehouseBuild.js';

// `npm run calibrate` is a gate (CI, a tuning loop): it must exit 1 when a KPI leaves its band,
// not only print OUT. The world here is built to break one band on purpose: no session lasts
// over five minutes, against a band of 8–30 minutes for the median session.

let root: string;
let db: string;

beforeAll(async () => {
  root = temporaryFolder('calibrate-exit');
  const config: WorldConfig = { ...DEFAULT_CONFIG, sessions: { ...DEFAULT_CONFIG.sessions, maxSeconds: 300 } };
  await simulate(path.join(root, 'lake'), { config, players: 1000, days: 8 });
  db = path.join(root, 'warehouse.duckdb');
  await build(path.join(root, 'lake'), db);
});

afterAll(() => removeFolder(root));

describe('npm run calibrate over a warehouse with a KPI out of band', () => {
  it('marks the KPI OUT and exits with code 1', async () => {
    const result = await runNpm('calibrate', ['--db', db]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^OUT\s+Median session length\s+[0-5]\.\d+ min\s+band 8/m);
    expect(result.stdout).toMatch(/^calibrate: \d+ of \d+ KPIs out of band$/m);
  });

  it('exits with code 1 with --json too, where the KPI reads as out of band', async () => {
    const result = await runNpm('calibrate', ['--db', db, '--json']);
    expect(result.code, result.stderr).toBe(1);
    const kpis = JSON.parse(result.stdout) as { key: string; value: number; in_band: boolean }[];
    const median = kpis.find((kpi) => kpi.key === 'median_session_minutes');
    expect(median?.in_band).toBe(false);
    expect(median?.value).toBeLessThanOrEqual(5);
  });
});
