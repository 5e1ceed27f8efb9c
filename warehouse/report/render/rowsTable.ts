import type { Row } from '../../connection.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';

/** Rows shown in full up to this many; longer results show their first and last rows. */
const SHOWN = 20;

/** Query rows as an HTML table; numbers right-aligned, NULL as an empty grey cell. */
export function rowsTable(rows: readonly Row[]): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">(no rows)</p>`;
  const columns = Object.keys(rows[0]!);
  const numeric = columns.map((column) => rows.every((row) => isNumeric(row[column])));
  const line = (row: Row) =>
    html`<tr>${columns.map((column, index) => {
      const value = row[column];
      return value === null || value === undefined
        ? html`<td class="null">null</td>`
        : html`<td class="${numeric[index] ? 'num' : ''}">${typeof value === 'object' ? JSON.stringify(value) : String(value)}</td>`;
    })}</tr>`;
  const head = rows.length > SHOWN ? rows.slice(0, SHOWN / 2) : rows;
  const tail = rows.length > SHOWN ? rows.slice(-SHOWN / 2) : [];
  const gap = rows.length > SHOWN
    ? html`<tr class="gap"><td colspan="${columns.length}">… ${(rows.length - SHOWN).toLocaleString('en-US')} more rows …</td></tr>`
    : html``;
  return html`<div class="table-wrap"><table class="rows">
<thead><tr>${columns.map((column, index) => html`<th class="${numeric[index] ? 'num' : ''}">${column}</th>`)}</tr></thead>
<tbody>${head.map(line)}${gap}${tail.map(line)}</tbody>
</table></div>`;
}

function isNumeric(value: unknown): boolean {
  return value === null || typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
}
