import { UsageError } from '../common/errors.js';
import { writeReport } from '../warehouse/report/writeReport.js';
import { commandLine } from './commandLine.js';
import { isEntryPoint } from './isEntryPoint.js';
import { runCli } from './runCli.js';

export const REPORT_DEFAULTS = Object.freeze({ db: 'data/warehouse.duckdb', out: 'data/report' });

export async function reportMain(argv: string[]): Promise<number> {
  const args = await commandLine(argv, 'npm run report --', '$0 [options]\n\nWrites one offline HTML report of a built warehouse: charts, the answers to the business questions ' +
        '(CONTRACT §3) and a data catalog with lineage. Open the index.html it writes in any browser; nothing is fetched.')
    .option('db', { type: 'string', default: REPORT_DEFAULTS.db, describe: 'Warehouse file built by build-warehouse (opened read-only)' })
    .option('out', { type: 'string', default: REPORT_DEFAULTS.out, describe: 'Folder for index.html and its assets/' })
    .option('tests', { type: 'boolean', default: true, describe: "Re-run the data tests for the catalog (--no-tests: show the build's result)" })
    .parseAsync();

  if (args.db.trim() === '') throw new UsageError('--db takes the warehouse file, e.g. data/warehouse.duckdb');
  if (args.out.trim() === '') throw new UsageError('--out takes a folder, e.g. data/report');
  const summary = await writeReport({ db: args.db, out: args.out, runTests: args.tests });
  const { tests } = summary;
  const testLine = tests.ranNow
    ? `${tests.passed} of ${tests.total} data tests passed${tests.failed + tests.errors > 0 ? ` (${tests.failed} failed, ${tests.errors} could not run)` : ''}`
    : `${tests.total} data tests (results of the build)`;
  process.stdout.write(
    `report: ${summary.charts} charts, ${summary.questions} questions, ${testLine}; ` +
      `${(summary.bytes / 1024).toFixed(0)} KiB in ${summary.seconds.toFixed(1)} s\n  ${summary.indexPath}\n`,
  );
  return 0;
}

if (isEntryPoint(import.meta.url)) await runCli(reportMain);
