import { SprintError } from '../../common/errors.js';
import { openWarehouse } from '../connection.js';
import { KPIS, type Kpi } from './kpis.js';

export interface KpiMeasurement {
  kpi: Kpi;
  /** null when the warehouse has no data to compute it from (e.g. no payer at all). */
  value: number | null;
  inBand: boolean;
}

export async function measureKpis(db: string): Promise<KpiMeasurement[]> {
  let warehouse;
  try {
    warehouse = await openWarehouse(db, { readOnly: true });
  } catch (error) {
    throw new SprintError(`cannot open the warehouse ${db} (${(error as Error).message.split('\n')[0]}); build it first with npm run build-warehouse`);
  }
  try {
    const measurements: KpiMeasurement[] = [];
    for (const kpi of KPIS) {
      const reader = await warehouse.connection.runAndReadAll(kpi.sql);
      const raw = reader.getRowsJS()[0]?.[0];
      const value = raw === null || raw === undefined ? null : Number(raw);
      measurements.push({ kpi, value, inBand: value !== null && Number.isFinite(value) ? value >= kpi.min && value <= kpi.max : value === Infinity && kpi.max === Infinity });
    }
    return measurements;
  } finally {
    warehouse.close();
  }
}

export function formatKpi(value: number | null, unit: Kpi['unit']): string {
  if (value === null) return 'n/a';
  if (!Number.isFinite(value)) return '∞';
  if (unit === 'share') return `${(value * 100).toFixed(1)}%`;
  if (unit === 'minutes') return `${value.toFixed(1)} min`;
  return value.toFixed(2);
}

export function formatBand(kpi: Kpi): string {
  const low = formatKpi(kpi.min, kpi.unit);
  return kpi.max === Infinity ? `≥ ${low}` : `${low}–${formatKpi(kpi.max, kpi.unit)}`;
}

