import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { buildWarehouse } from '../warehouse/buildWarehouse.js';
import { formatBand, formatKpi, measureKpis, type KpiMeasurement } from '../warehouse/calibrate/measureKpis.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';

// The world must behave like a healthy live-service shooter: a mid-size run, measured from the
// warehouse the way `npm run calibrate` does, lands every KPI inside its published band.
// Heartbeats are off: no KPI reads positions, and they would triple the run's time.

let folder: string;
let measurements: KpiMeasurement[];

beforeAll(async () => {
  folder = temporaryFolder('calibration');
  const lake = path.join(folder, 'lake');
  const db = path.join(folder, 'warehouse.duckdb');
  await simulate(lake, { players: 60_000, days: 120, blockSize: 1 << 20, seed: 'sprint', heartbeats: 'none' });
  await buildWarehouse({ lake, db, encounterThreshold: 50, encounterCooldown: 180 });
  measurements = await measureKpis(db);
});

afterAll(() => removeFolder(folder));

describe('a mid-size world (60,000 players, 120 days)', () => {
  it('measures every KPI', () => {
    expect(measurements.length).toBe(10);
    for (const m of measurements) expect(m.value, m.kpi.key).not.toBeNull();
  });

  it('lands every KPI inside its published band', () => {
    const outOfBand = measurements.filter((m) => !m.inBand).map((m) => `${m.kpi.label}: ${formatKpi(m.value, m.kpi.unit)} (band ${formatBand(m.kpi)})`);
    expect(outOfBand).toEqual([]);
  });
});
