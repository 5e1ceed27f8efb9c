import { formatBand, formatKpi, measureKpis } from '../warehouse/calibrate/measureKpis.js';
import { commandLine } from './commandLine.js';
import { isEntryPoint } from './isEntryPoint.js';
import { runCli } from './runCli.js';

/** `npm run calibrate`: the world's KPIs, measured from the warehouse, against published bands. */
export async function calibrateMain(argv: string[]): Promise<number> {
  const args = await commandLine(argv, 'npm run calibrate --', '$0 [options]\n\nMeasures the simulated game\'s KPIs from the warehouse and checks each against its published band; exits 1 when any is out of band.')
    .option('db', { type: 'string', default: 'data/warehouse.duckdb', describe: 'Warehouse file built by npm run build-warehouse' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the measurements as JSON' })
    .parseAsync();
  const measurements = await measureKpis(args.db);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(measurements.map((m) => ({ key: m.kpi.key, value: m.value, min: m.kpi.min, max: m.kpi.max === Infinity ? null : m.kpi.max, in_band: m.inBand })), null, 2)}\n`);
  } else {
    const width = Math.max(...measurements.map((m) => m.kpi.label.length));
    for (const m of measurements) {
      process.stdout.write(`${m.inBand ? 'ok  ' : 'OUT '} ${m.kpi.label.padEnd(width)}  ${formatKpi(m.value, m.kpi.unit).padStart(9)}   band ${formatBand(m.kpi)}\n`);
    }
    const out = measurements.filter((m) => !m.inBand).length;
    process.stdout.write(out === 0 ? `calibrate: all ${measurements.length} KPIs in band\n` : `calibrate: ${out} of ${measurements.length} KPIs out of band\n`);
  }
  return measurements.every((m) => m.inBand) ? 0 : 1;
}

if (isEntryPoint(import.meta.url)) await runCli(calibrateMain);
