import { runPropensity, type PropensitySummary } from '../warehouse/propensity/runPropensity.js';
import { commandLine } from './commandLine.js';
import { isEntryPoint } from './isEntryPoint.js';
import { runCli } from './runCli.js';

/** `npm run propensity`: purchase-propensity models trained and scored from the warehouse, written back to it. */
export async function propensityMain(argv: string[]): Promise<number> {
  const args = await commandLine(
    argv,
    'npm run propensity --',
    '$0 [options]\n\nPredicts which players buy in days 7–36 after signing up from their first week, with a logistic regression, a random forest and a one-rule baseline; writes the scores and metrics to sprint_mart.',
  )
    .option('db', { type: 'string', default: 'data/warehouse.duckdb', requiresArg: true, describe: 'Warehouse file built by npm run build-warehouse' })
    .parseAsync();
  const summary = await runPropensity({ db: args.db });
  process.stdout.write(formatSummary(summary));
  return 0;
}

export function formatSummary(summary: PropensitySummary): string {
  const { split } = summary;
  const number = (value: unknown, digits: number) => (value === null || value === undefined ? '–' : Number(value).toFixed(digits));
  const lines = [
    `propensity: players who signed up ${split.firstSignup} to ${split.lastSignup}; fit on sign-ups before ${split.validationFrom}, model chosen on ${split.validationFrom} to before ${split.testFrom}, tested on ${split.testFrom} to ${split.lastSignup}`,
    `  model                         part         players  buyers  ROC AUC  top-10% lift  Brier   log loss`,
    ...summary.metrics.map(
      (row) =>
        `  ${`${String(row.model)}${row.chosen ? ' *' : ''}`.padEnd(30)}${String(row.part).padEnd(11)}${String(row.players).padStart(9)}${String(row.positives).padStart(8)}${number(row.roc_auc, 3).padStart(9)}${`${number(row.top_decile_lift, 2)}x`.padStart(14)}${number(row.brier, 4).padStart(8)}${number(row.log_loss, 4).padStart(10)}`,
    ),
    `  * chosen on validation log loss; its scores are in sprint_mart.player_purchase_propensity`,
    `  features that matter most (${summary.chosen}, ROC AUC lost when shuffled): ${summary.importance
      .slice(0, 5)
      .map((row) => `${String(row.feature)} ${number(row.auc_drop, 3)}`)
      .join(', ')}`,
    `  segments of the test cohorts             players  buyers  conversion   lift`,
    ...summary.segments.map(
      (row) => `  ${String(row.segment).padEnd(38)}${String(row.players).padStart(9)}${String(row.buyers).padStart(8)}${`${number(row.conversion_pct, 2)}%`.padStart(12)}${`${number(row.lift, 2)}x`.padStart(7)}`,
    ),
    `propensity: done in ${summary.seconds.toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}

if (isEntryPoint(import.meta.url)) await runCli(propensityMain);
