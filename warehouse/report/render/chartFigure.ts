import type { ReportChart } from '../charts/chart.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';

/** A chart's place in the page: title, caption, the container render.js draws into, and its SQL. */
export function chartFigure(chart: ReportChart): SafeHtml {
  return html`<figure class="chart" id="${chart.id}">
<figcaption><h3>${chart.title}</h3><p>${chart.caption}</p></figcaption>
<div class="vega" data-chart="${chart.id}" role="img" aria-label="${chart.title}"></div>
<details class="sql"><summary>SQL behind this chart</summary><pre><code>${chart.sql}</code></pre></details>
</figure>`;
}
