import path from 'node:path';
import { isoWeekday, parseIsoDate } from '../engine/calendar.js';
import { DEFAULTS } from '../workers/options.js';
import { writeReport } from '../warehouse/report/writeReport.js';
import { buildWarehouseMain } from './buildWarehouse.js';
import { commandLine } from './commandLine.js';
import { mostActivePlayer } from './demoPlayer.js';
import { isEntryPoint } from './isEntryPoint.js';
import { queryMain } from './query.js';
import { runCli } from './runCli.js';
import { simulateMain } from './simulate.js';

/**
 * `npm start`: the whole pipeline at a size that finishes in about a minute on two cores —
 * simulate, build the warehouse, answer a few business questions, write the HTML report. Simulation resumes rather than
 * replaces, so running it twice is cheap and never clobbers a lake made with other options (that
 * refuses with a message naming the option).
 */
export const DEMO = Object.freeze({ players: '40000', days: '180', lake: 'data/lake', warehouse: 'data/warehouse.duckdb', report: 'data/report' });

export async function startMain(argv: string[]): Promise<number> {
  const args = await commandLine(argv, 'npm start --', '$0 [options]\n\nThe default pipeline end to end at demo size: simulate, build the warehouse, answer sample questions, write the report.')
    .option('players', { type: 'string', requiresArg: true, default: DEMO.players, describe: 'Players of the demo world' })
    .option('days', { type: 'string', requiresArg: true, default: DEMO.days, describe: 'Days of the demo world' })
    .option('verbose', { type: 'boolean', default: false, describe: 'List every data test, not only the ones that fail' })
    .parseAsync();

  const step = (text: string) => process.stdout.write(`\n== ${text}\n`);
  step(`simulate: ${args.players} players over ${args.days} days into ${DEMO.lake}`);
  let code = await simulateMain(['--players', args.players, '--days', args.days, '--out', DEMO.lake, '--resume']);
  if (code !== 0) return code;
  step(`build-warehouse: ${DEMO.lake} -> ${DEMO.warehouse}`);
  code = await buildWarehouseMain(['--lake', DEMO.lake, '--db', DEMO.warehouse, ...(args.verbose ? ['--verbose'] : [])]);
  if (code !== 0) return code;
  for (const question of await sampleQuestions(Number(args.days))) {
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

/**
 * The questions the demo answers, about dates inside its window: the month of its 32nd day and
 * the week of its 62nd (2025-02 and 2025-03-03 at the demo's size), or of its last day in a
 * shorter world; and the K/D of its most active player.
 */
async function sampleQuestions(days: number): Promise<string[][]> {
  const first = parseIsoDate(DEFAULTS.startDate)!;
  const monthDay = first + Math.min(31, days - 1);
  const weekDay = first + Math.min(61, days - 1);
  const monday = weekDay - isoWeekday(weekDay);
  const iso = (epochDay: number) => new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
  const player = await mostActivePlayer(DEMO.warehouse);
  return [
    ['busiest-week'],
    ['top-country-playtime', '--month', iso(monthDay).slice(0, 7)],
    ['top-country-revenue', '--week', iso(monday)],
    ...(player === null ? [] : [['player-kd', '--player', player]]),
    ['encounters', '--limit', '5'],
  ];
}

if (isEntryPoint(import.meta.url)) await runCli(startMain);
