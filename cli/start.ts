import { runCli } from './runCli.js';
import { simulateMain } from './simulate.js';
import { buildWarehouseMain } from './buildWarehouse.js';
import { queryMain } from './query.js';
import { writeReport } from '../warehouse/report/writeReport.js';
import path from 'node:path';

/**
 * `npm start`: the whole pipeline at a size that finishes in about a minute on two cores —
 * simulate, build the warehouse, answer a few business questions, write the HTML report. Simulation resumes rather than
 * replaces, so running it twice is cheap and never clobbers a lake made with other options (that
 * refuses with a message naming the option).
 */
export const DEMO = Object.freeze({ players: '40000', days: '180', lake: 'data/lake', warehouse: 'data/warehouse.duckdb', report: 'data/report' });

const SAMPLE_QUESTIONS: readonly (readonly string[])[] = [
  ['busiest-week'],
  ['top-country-playtime', '--month', '2025-02'],
  ['top-country-revenue', '--week', '2025-03-03'],
  ['player-kd', '--player', '1'],
  ['encounters', '--limit', '5'],
];

async function startMain(): Promise<number> {
  const step = (text: string) => process.stdout.write(`\n== ${text}\n`);
  step(`simulate: ${DEMO.players} players over ${DEMO.days} days into ${DEMO.lake}`);
  let code = await simulateMain(['--players', DEMO.players, '--days', DEMO.days, '--out', DEMO.lake, '--resume']);
  if (code !== 0) return code;
  step(`build-warehouse: ${DEMO.lake} -> ${DEMO.warehouse}`);
  code = await buildWarehouseMain(['--lake', DEMO.lake, '--db', DEMO.warehouse]);
  if (code !== 0) return code;
  for (const question of SAMPLE_QUESTIONS) {
    step(`query ${question.join(' ')}`);
    code = await queryMain([...question, '--db', DEMO.warehouse]);
    if (code !== 0) return code;
  }
  step(`report: ${DEMO.warehouse} -> ${DEMO.report}`);
  // The build just ran every data test and kept the warehouse only because they passed.
  const report = await writeReport({ db: DEMO.warehouse, out: DEMO.report, runTests: false });
  process.stdout.write(`\nopen the report: ${path.resolve(report.indexPath)}\n`);
  return 0;
}

await runCli(startMain);
