import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { openWarehouse, queryRows } from '../warehouse/connection.js';
import { QUESTIONS } from '../warehouse/questions/catalog.js';
import { tidySql } from '../warehouse/report/charts/chart.js';
import { escapeHtml } from '../warehouse/report/html.js';
import { writeReport } from '../warehouse/report/writeReport.js';
import type { ReportSummary } from '../warehouse/report/writeReport.js';
import { removeFolder, simulate, temporaryFolder } from './helpers/lake.js';
import { visitReport } from './helpers/reportBrowser.js';
import { build, runCliProcess, select } from './helpers/warehouseBuild.js';

// The report as a reader meets it: written from a real warehouse over a real (tiny) lake, then
// opened from file:// in headless Chromium with no network. It guards against charts that fail to
// draw (a spec Vega rejects, a chart whose data came back empty), scripts that throw, anything
// fetched from a CDN, and data that could smuggle markup into the page.

const CHART_IDS = [
  'active-players',
  'new-players',
  'retention-cohorts',
  'retention-by-channel',
  'payers-by-age-band',
  'revenue-by-country',
  'playtime-by-country',
  'kill-death-distribution',
  'encounters-per-session',
  'session-paths',
  'encounter-heatmap',
  'lineage',
];

describe('npm run report', () => {
  let dir: string;
  let db: string;
  let out: string;
  let summary: ReportSummary;
  let indexHtml: string;

  beforeAll(async () => {
    dir = temporaryFolder('report');
    db = path.join(dir, 'warehouse.duckdb');
    out = path.join(dir, 'report');
    await simulate(path.join(dir, 'lake'), { players: 2000, days: 14, blockSize: 1000, seed: 'report' });
    await build(path.join(dir, 'lake'), db);
    summary = await writeReport({ db, out });
    indexHtml = readFileSync(summary.indexPath, 'utf8');
  });
  afterAll(() => removeFolder(dir));

  it('draws every chart in headless Chromium with no script error and no request beyond file://', async () => {
    const screenshot = path.join(out, 'screenshot.png');
    const visit = await visitReport(summary.indexPath, { screenshot });
    expect(visit.errors).toEqual([]);
    expect(visit.offline).toEqual([]);
    expect(visit.charts.map((chart) => chart.id)).toEqual(CHART_IDS);
    for (const chart of visit.charts) {
      expect({ id: chart.id, rendered: chart.rendered }).toEqual({ id: chart.id, rendered: 'true' });
      expect(chart.marks, `${chart.id} has drawn marks`).toBeGreaterThan(0);
    }
    expect(statSync(screenshot).size).toBeGreaterThan(50_000);
  });

  it('bundles Vega beside the page and links nothing off the machine', () => {
    expect(statSync(path.join(out, 'assets', 'vega.min.js')).size).toBeGreaterThan(100_000);
    expect(existsSync(path.join(out, 'assets', 'render.js'))).toBe(true);
    expect(indexHtml).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(indexHtml).toContain('Content-Security-Policy');
  });

  it('compiles every chart without a Vega-Lite warning and keeps the embedded data small', () => {
    expect(summary.charts).toBe(CHART_IDS.length);
    expect(summary.chartWarnings).toEqual([]);
    expect(summary.bytes).toBeLessThan(1_000_000);
  });

  it('answers every business question of CONTRACT §3 with the SQL the query command runs', () => {
    expect(summary.questions).toBe(QUESTIONS.length);
    for (const question of QUESTIONS) {
      expect(indexHtml).toContain(`id="question-${question.contract}"`);
      expect(indexHtml).toContain(escapeHtml(tidySql(question.sql)));
    }
    expect(indexHtml).not.toContain('Could not be answered');
  });

  it('catalogues every relation and column of the warehouse, each described, with its data tests re-run', async () => {
    const columns = await select(db, `SELECT schema_name, table_name, column_name FROM duckdb_columns() WHERE database_name = current_database() AND NOT internal`);
    for (const column of columns) {
      expect(indexHtml).toContain(`id="table-${`${column.schema_name}-${column.table_name}`.replaceAll('_', '-')}"`);
    }
    expect(summary.undocumentedColumns).toBe(0);
    // A category's ENUM is shown by its size, not as the list of every value the lake holds.
    const [countries] = await select(db, `SELECT len(enum_range(any_value(country))) AS n FROM sprint_dim.dim_players`);
    expect(indexHtml).toContain(`<td class="type">ENUM (${countries!.n} values)</td>`);
    expect(indexHtml).not.toContain('<td class="type">ENUM(');
    expect(summary.tests).toMatchObject({ failed: 0, errors: 0, ranNow: true });
    expect(summary.tests.passed).toBe(summary.tests.total);
    expect(summary.tests.total).toBeGreaterThan(100);
  });

  it('keeps data from the warehouse as text: a hostile country name neither runs nor adds markup', async () => {
    const hostile = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    const tampered = path.join(dir, 'tampered.duckdb');
    copyFileSync(db, tampered);
    const warehouse = await openWarehouse(tampered);
    // The marts hold country as an ENUM of the lake's countries; as VARCHAR it takes any text.
    for (const mart of ['country_weekly_revenue', 'player_stats_lifetime']) {
      await queryRows(warehouse.connection, `ALTER TABLE sprint_mart.${mart} ALTER country TYPE VARCHAR`);
    }
    await queryRows(warehouse.connection, `UPDATE sprint_mart.country_weekly_revenue SET country = $1 WHERE country = 'US'`, [hostile]);
    await queryRows(warehouse.connection, `UPDATE sprint_mart.player_stats_lifetime SET country = $1`, [hostile]);
    warehouse.close();

    const report = await writeReport({ db: tampered, out: path.join(dir, 'tampered-report'), runTests: false });
    expect(report.tests.ranNow).toBe(false);
    const visit = await visitReport(report.indexPath, {
      probe: `({ pwned: window.__pwned ?? null, images: document.images.length, shown: document.body.innerText.includes(${JSON.stringify(hostile)}) })`,
    });
    expect(visit.errors).toEqual([]);
    expect(visit.offline).toEqual([]);
    expect(visit.probe).toEqual({ pwned: null, images: 0, shown: true });
    expect(visit.charts.every((chart) => chart.rendered === 'true')).toBe(true);
  });

  it('still writes the report when the lake has moved, saying what could not be read', async () => {
    renameSync(path.join(dir, 'lake'), path.join(dir, 'lake-moved'));
    try {
      const report = await writeReport({ db, out: path.join(dir, 'moved-report') });
      const page = readFileSync(report.indexPath, 'utf8');
      expect(report.charts).toBe(CHART_IDS.length);
      expect(report.chartWarnings).toEqual([]);
      expect(page).toContain('The lake could not be read');
      // Tests over the raw views cannot run; the others still pass.
      expect(report.tests.errors).toBeGreaterThan(0);
      expect(report.tests.failed).toBe(0);
      expect(report.tests.passed).toBeGreaterThan(100);
    } finally {
      renameSync(path.join(dir, 'lake-moved'), path.join(dir, 'lake'));
    }
  });

  it('runs as a command and prints where the report is', () => {
    const result = runCliProcess('cli/report.ts', ['--db', db, '--out', path.join(dir, 'cli-report'), '--no-tests']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^report: 12 charts, 8 questions, \d+ data tests \(results of the build\); \d+ KiB in [\d.]+ s\n {2}\S+index\.html\n$/);
    expect(existsSync(path.join(dir, 'cli-report', 'index.html'))).toBe(true);
  });
});
