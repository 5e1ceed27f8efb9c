import type { ReportChart } from '../charts/chart.js';
import { html, jsonScript, raw } from '../html.js';
import type { SafeHtml } from '../html.js';
import { shortTime } from '../overview.js';
import type { Overview } from '../overview.js';
import { chartFigure } from './chartFigure.js';

export interface PageSection {
  id: string;
  title: string;
  intro?: string;
  /** Charts drawn at the top of the section, then the rest of its body. */
  charts: ReportChart[];
  body?: SafeHtml;
  /** Entries of the table of contents under this section: anchor and label. */
  entries?: { id: string; label: string }[];
}

/**
 * Everything that can reach the network is forbidden: no connect, no fonts, no images from
 * elsewhere. Scripts come only from the report's own folder; Vega compiles its expressions with
 * Function(), hence 'unsafe-eval'.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

/** The whole document: header, table of contents, the sections, and the chart specs render.js draws. */
export function page(overview: Overview, sections: readonly PageSection[], generatedAt: string): string {
  const charts = sections.flatMap((section) => section.charts);
  const span = overview.firstDay && overview.lastDay ? `${overview.firstDay} to ${overview.lastDay}` : 'no days yet';
  const document = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<title>Sprint report · ${span}</title>
<link rel="stylesheet" href="assets/report.css">
</head>
<body>
<header class="page-header">
<h1>Sprint report</h1>
<p class="subtitle">${span} · written ${generatedAt}${overview.build.lake_root ? html` · lake <code>${overview.build.lake_root}</code>` : ''}${overview.build.built_at ? html` · warehouse built ${shortTime(overview.build.built_at)}` : ''}${overview.build.lake_complete === 'false' ? html` · <strong>partial lake</strong>: built before all of its units were written` : ''}</p>
<dl class="figures">${overview.figures.map((figure) => html`<div><dt>${figure.label}</dt><dd>${figure.value}</dd></div>`)}</dl>
</header>
<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>
${sections.map((section) => html`<li><a href="#${section.id}">${section.title}</a>${tocEntries(section)}</li>`)}
</ol></nav>
<main>
${sections.map((section) => html`<section class="part" id="${section.id}">
<h2>${section.title}</h2>
${section.intro ? html`<p class="intro">${section.intro}</p>` : ''}
${section.charts.map(chartFigure)}
${section.body ?? ''}
</section>`)}
</main>
<footer><p>Written by <code>npm run report</code>. Charts drawn by Vega from the data embedded in this page; nothing is fetched.</p></footer>
${jsonScript('sprint-charts', Object.fromEntries(charts.map((chart) => [chart.id, chart.spec])))}
<script src="assets/vega.min.js"></script>
<script src="assets/render.js"></script>
</body>
</html>
`;
  return document.text;
}

function tocEntries(section: PageSection): SafeHtml {
  const entries = [...section.charts.map((chart) => ({ id: chart.id, label: chart.title })), ...(section.entries ?? [])];
  if (entries.length === 0) return raw('');
  return html`<ul>${entries.map((entry) => html`<li><a href="#${entry.id}">${entry.label}</a></li>`)}</ul>`;
}
