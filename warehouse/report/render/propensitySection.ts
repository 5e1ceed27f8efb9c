import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import type { PropensityReport } from '../propensityReport.js';
import { rowsTable } from './rowsTable.js';

/** The propensity tables, each with the SQL behind it; or how to produce them. */
export function propensitySection(report: PropensityReport, db: string): SafeHtml {
  if (!report.present) {
    return html`<p class="empty">No propensity scores in this warehouse yet: run <code>npm run propensity -- --db ${db}</code>, then the report again (a warehouse rebuild drops them).</p>`;
  }
  return html`${report.tables.map(
    (table) => html`<article class="question" id="${table.id}">
<h3>${table.title}</h3>
<p class="asked">${table.caption}</p>
${rowsTable(table.rows)}
<details class="sql"><summary>SQL behind this table</summary><pre><code>${table.sql}</code></pre></details>
</article>`,
  )}`;
}
