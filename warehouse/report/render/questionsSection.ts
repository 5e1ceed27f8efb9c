import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import type { QuestionAnswer } from '../questionAnswers.js';
import { rowsTable } from './rowsTable.js';

/** CONTRACT §3: each question, what it was asked with, its answer, and the SQL that answered it. */
export function questionsSection(answers: readonly QuestionAnswer[]): SafeHtml {
  return html`${answers.map((answer) => {
    const { question } = answer;
    const asked = Object.keys(answer.given).length === 0
      ? html`defaults`
      : html`${Object.entries(answer.given).map(([name, value], index) => html`${index > 0 ? ', ' : ''}<code>--${name} ${value}</code>`)}`;
    return html`<article class="question" id="question-${question.contract}">
<h3><span class="number">${question.contract}</span> ${question.title}</h3>
<p class="asked">Asked with ${asked}. Ask it yourself: <code>${answer.command}</code></p>
${answer.error === null ? rowsTable(answer.rows) : html`<p class="error">Could not be answered: ${answer.error}</p>`}
<details class="sql" open><summary>SQL (<code>${question.name}</code> in warehouse/questions/catalog.ts)</summary><pre><code>${answer.sql}</code></pre></details>
</article>`;
  })}`;
}
