import type { CatalogSchema, CatalogTable } from '../catalog.js';
import type { TestRun, TestOutcome } from '../dataTestOutcomes.js';
import { html, slug } from '../html.js';
import { shortTime } from '../overview.js';
import type { SafeHtml } from '../html.js';
import { rowsTable } from './rowsTable.js';

/** The dbt-docs part of the report: every schema, relation and column, and the data tests on them. */
export function catalogSection(catalog: readonly CatalogSchema[], run: TestRun, builtAt: string | null): SafeHtml {
  return html`${testSummary(run, builtAt)}
${catalog.map((schema) => html`<section class="schema" id="${`schema-${slug(schema.name)}`}">
<h3>${schema.name}</h3>
${schema.description ? html`<p>${schema.description}</p>` : ''}
${schema.tables.map(tableDetails)}
</section>`)}`;
}

function testSummary(run: TestRun, builtAt: string | null): SafeHtml {
  const count = (status: TestOutcome['status']) => run.outcomes.filter((test) => test.status === status).length;
  const seconds = run.outcomes.reduce((sum, test) => sum + (test.seconds ?? 0), 0);
  const when = run.ranNow
    ? html`run read-only while writing this report, in ${seconds.toFixed(1)} s`
    : html`not re-run: these are the results of the build${builtAt ? html` at ${shortTime(builtAt)}` : ''}, which keeps a warehouse only when every test passes`;
  const failed = count('failed');
  const errors = count('error');
  return html`<p class="tests-summary ${failed + errors > 0 ? 'bad' : 'good'}"><strong>${run.outcomes.length} data tests</strong>:
${count('passed')} passed${failed > 0 ? html`, <strong>${failed} failed</strong>` : ''}${errors > 0 ? html`, <strong>${errors} could not run</strong>` : ''} (${when}).</p>`;
}

function tableDetails(table: CatalogTable): SafeHtml {
  const id = `table-${slug(`${table.schema}-${table.name}`)}`;
  const broken = table.tests.filter((test) => test.status !== 'passed');
  const kind = table.materialized ?? table.kind;
  return html`<details class="relation" id="${id}"${broken.length > 0 ? html` open` : ''}>
<summary><code class="name">${table.schema}.${table.name}</code> <span class="badge">${kind}</span>
${table.rows === null ? '' : html`<span class="rows">${table.rows.toLocaleString('en-US')} rows</span>`}
${table.tests.length > 0 ? html`<span class="badge ${broken.length > 0 ? 'fail' : 'pass'}">${table.tests.length - broken.length}/${table.tests.length} tests pass</span>` : ''}</summary>
<p>${table.description ?? html`<em>No description.</em>`}</p>
${lineageLinks('Reads', table.upstream)}${lineageLinks('Read by', table.downstream)}
<div class="table-wrap"><table class="columns">
<thead><tr><th>column</th><th>type</th><th>description</th><th>tests</th></tr></thead>
<tbody>${table.columns.map((column) => html`<tr>
<td><code>${column.name}</code></td><td class="type">${column.type}</td>
<td>${column.description ?? html`<em class="undocumented">undocumented</em>`}</td>
<td>${column.tests.map((test) => html`<span class="badge ${test.status === 'passed' ? 'pass' : 'fail'}" title="${test.name}: ${test.status}">${testKind(test)}</span> `)}</td>
</tr>`)}</tbody>
</table></div>
${table.tests.length > 0 ? testsTable(table.tests) : ''}
</details>`;
}

function lineageLinks(label: string, relations: readonly string[]): SafeHtml {
  if (relations.length === 0) return html``;
  return html`<p class="lineage-links">${label}: ${relations.map((relation, index) =>
    html`${index > 0 ? ', ' : ''}<a href="#${`table-${slug(relation.replace('.', '-'))}`}"><code>${relation}</code></a>`)}</p>`;
}

function testsTable(tests: readonly TestOutcome[]): SafeHtml {
  return html`<div class="table-wrap"><table class="tests">
<thead><tr><th>data test</th><th>result</th><th class="num">seconds</th></tr></thead>
<tbody>${tests.map((test) => html`<tr class="${test.status}">
<td><details><summary><code>${test.name}</code></summary><pre><code>${test.sql.trim()}</code></pre>
${test.sample.length > 0 ? html`<p>${test.failingRows.toLocaleString('en-US')} failing rows, for example:</p>${rowsTable(test.sample)}` : ''}</details></td>
<td><span class="badge ${test.status === 'passed' ? 'pass' : 'fail'}">${test.status}</span>${test.message ? html` ${test.message}` : ''}</td>
<td class="num">${test.seconds === null ? '–' : test.seconds.toFixed(2)}</td>
</tr>`)}</tbody>
</table></div>`;
}

/** `not_null(fact_session.player_id)` → `not_null`; a singular test keeps its file name. */
function testKind(test: TestOutcome): string {
  return test.name.includes('(') ? test.name.slice(0, test.name.indexOf('(')) : test.name;
}
