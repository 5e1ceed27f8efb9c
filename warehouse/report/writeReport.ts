import fs from 'node:fs';
import { loadModels } from '../modelGraph.js';
import { acquisitionCharts } from './charts/acquisitionCharts.js';
import { activityCharts } from './charts/activityCharts.js';
import { combatCharts } from './charts/combatCharts.js';
import { countryCharts } from './charts/countryCharts.js';
import { encounterHeatmap } from './charts/encounterHeatmap.js';
import { lineageChart } from './charts/lineageChart.js';
import { sessionPathsChart } from './charts/sessionPathsChart.js';
import { readCatalog } from './catalog.js';
import { dataTestOutcomes } from './dataTestOutcomes.js';
import { slug } from './html.js';
import { openReportWarehouse } from './openReportWarehouse.js';
import { readOverview } from './overview.js';
import { readPropensityReport } from './propensityReport.js';
import { answerQuestions } from './questionAnswers.js';
import { catalogSection } from './render/catalogSection.js';
import { page } from './render/page.js';
import { propensitySection } from './render/propensitySection.js';
import { questionsSection } from './render/questionsSection.js';
import { writeReportFiles } from './reportFiles.js';

export interface ReportOptions {
  db: string;
  out: string;
  /** Re-run the data tests for the catalog (default), or report the build's result. */
  runTests?: boolean;
}

export interface ReportSummary {
  indexPath: string;
  bytes: number;
  charts: number;
  questions: number;
  tests: { total: number; passed: number; failed: number; errors: number; ranNow: boolean };
  undocumentedColumns: number;
  /** Vega-Lite's compile warnings, as `chart-id: message`; empty when every spec is sound. */
  chartWarnings: string[];
  seconds: number;
}

/**
 * The vars the data tests are compiled with when the warehouse does not record its own: the
 * defaults of `npm run build-warehouse` (warehouse/buildDefaults.ts).
 */
const DEFAULT_VARS = Object.freeze({ encounter_threshold: 50, encounter_cooldown: 180 });

/** `npm run report`: one offline HTML report of a built warehouse, written to `out/index.html`. */
export async function writeReport(options: ReportOptions): Promise<ReportSummary> {
  const started = performance.now();
  const warehouse = await openReportWarehouse(options.db);
  let indexHtml: string;
  let counts: Omit<ReportSummary, 'indexPath' | 'bytes' | 'seconds'>;
  try {
    const { connection } = warehouse;
    const models = loadModels();
    const overview = await readOverview(connection);
    const vars = { ...DEFAULT_VARS, ...recordedVars(overview.build) };
    const run = await dataTestOutcomes(connection, models, vars, options.runTests ?? true);
    const catalog = await readCatalog(connection, models, run.outcomes);
    const answers = await answerQuestions(connection);
    const propensity = await readPropensityReport(connection);
    const sections = [
      {
        id: 'players',
        title: 'Players',
        intro: 'Who plays and who comes back. Active means signed on; a day is a UTC day.',
        charts: await activityCharts(connection),
      },
      {
        id: 'acquisition',
        title: 'Acquisition channels and age bands',
        intro: 'Where players came from and who they are (sprint_dim.dim_players), and how that shows in who stays and who pays (sprint_mart.acquisition_kpis).',
        charts: await acquisitionCharts(connection),
      },
      {
        id: 'countries',
        title: 'Revenue and play time by country',
        charts: await countryCharts(connection),
      },
      {
        id: 'combat',
        title: 'Combat and encounters',
        intro: 'Two teams are close when their centroids are within the encounter threshold; an encounter is a run of close ticks (CONTRACT §2).',
        charts: [...(await combatCharts(connection)), await sessionPathsChart(connection), await encounterHeatmap(connection)],
      },
      {
        id: 'questions',
        title: 'Business questions',
        intro: 'The questions of CONTRACT §3, and one by acquisition channel, answered from sprint_mart with the same SQL as `npm run query`.',
        charts: [],
        body: questionsSection(answers),
        entries: answers.map((answer) => ({ id: `question-${answer.question.contract}`, label: `${answer.question.contract}. ${answer.question.title}` })),
      },
      {
        id: 'propensity',
        title: 'Purchase propensity',
        intro:
          'Who buys in days 7–36 after signing up, predicted from the first week alone by npm run propensity: models fitted on the earlier signup cohorts, scored on the latest fifth. Every chart and table names the SQL behind it.',
        charts: propensity.charts,
        body: propensitySection(propensity, options.db),
        entries: propensity.tables.map((table) => ({ id: table.id, label: table.title })),
      },
      {
        id: 'catalog',
        title: 'Data catalog',
        intro: 'Every schema, relation and column of the warehouse, with the data tests that guard them. Open a relation for its columns and tests.',
        charts: [lineageChart(models, catalog)],
        body: catalogSection(catalog, run, overview.build.built_at ?? null),
        entries: catalog.map((schema) => ({ id: `schema-${slug(schema.name)}`, label: schema.name })),
      },
    ];
    indexHtml = page(overview, sections, new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC');
    const status = (wanted: string) => run.outcomes.filter((test) => test.status === wanted).length;
    const charts = sections.flatMap((section) => section.charts);
    counts = {
      charts: charts.length,
      chartWarnings: charts.flatMap((chart) => chart.warnings.map((warning) => `${chart.id}: ${warning}`)),
      questions: answers.length,
      tests: { total: run.outcomes.length, passed: status('passed'), failed: status('failed'), errors: status('error'), ranNow: run.ranNow },
      undocumentedColumns: catalog.flatMap((schema) => schema.tables.flatMap((table) => table.columns)).filter((column) => column.description === null).length,
    };
  } finally {
    warehouse.close();
  }
  const indexPath = writeReportFiles(options.out, indexHtml);
  return { indexPath, bytes: fs.statSync(indexPath).size, ...counts, seconds: (performance.now() - started) / 1000 };
}

/** Encounter settings, if a build recorded them in sprint_meta.build_info (the tests must use the build's). */
function recordedVars(build: Readonly<Record<string, string>>): Record<string, number> {
  const vars: Record<string, number> = {};
  for (const name of Object.keys(DEFAULT_VARS)) {
    const value = Number(build[name]);
    if (build[name] !== undefined && Number.isFinite(value)) vars[name] = value;
  }
  return vars;
}
