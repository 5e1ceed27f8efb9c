import { UsageError } from '../common/errors.js';
import { answerQuestion } from '../warehouse/questions/answerQuestion.js';
import { findQuestion, QUESTIONS } from '../warehouse/questions/catalog.js';
import { accepts } from '../warehouse/questions/question.js';
import { formatTable } from '../warehouse/questions/formatTable.js';
import { commandLine } from './commandLine.js';
import { isEntryPoint } from './isEntryPoint.js';
import { runCli } from './runCli.js';

const OPTION_NAMES = [...new Set(QUESTIONS.flatMap((question) => question.options.map((option) => option.name)))];

export async function queryMain(argv: string[]): Promise<number> {
  let parser = commandLine(argv, 'npm run query --', '$0 <question> [options]\n\nAnswers a business question (CONTRACT §3) from the warehouse; --list shows the questions and their options.')
    .command('$0 [question]', false, (command) =>
      command.positional('question', { type: 'string', describe: 'question name or number' }),
    )
    .option('db', { type: 'string', requiresArg: true, default: 'data/warehouse.duckdb', describe: 'Warehouse file built by build-warehouse' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the rows as JSON' })
    .option('list', { type: 'boolean', default: false, describe: 'List the questions and their options' });
  for (const name of OPTION_NAMES) parser = parser.option(name, { type: 'string', requiresArg: true, describe: describeOption(name) });
  const args = await parser.parseAsync();

  if (args.list) {
    process.stdout.write(listQuestions());
    return 0;
  }
  const name = args.question as string | undefined;
  if (name === undefined) {
    throw new UsageError(`name a question (${QUESTIONS.map((question) => question.name).join(', ')}); see --list`);
  }
  const question = findQuestion(name);
  if (!question) throw new UsageError(`no question "${name}"; the questions are ${QUESTIONS.map((q) => q.name).join(', ')} (see --list)`);

  const given = Object.fromEntries(OPTION_NAMES.map((name) => [name, args[name] as string | undefined]));
  const rows = await answerQuestion(args.db, question, given);
  if (args.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else process.stdout.write(`${question.contract}. ${question.title}\n\n${formatTable(rows)}`);
  return 0;
}

/** An option's help line: what it is, and which questions take it. */
function describeOption(name: string): string {
  const users = QUESTIONS.filter((question) => question.options.some((option) => option.name === name));
  const kind = users[0]!.options.find((option) => option.name === name)!.kind;
  return `${accepts(kind)}; for ${users.map((question) => question.name).join(', ')}`;
}

function listQuestions(): string {
  return QUESTIONS.map((question) => {
    const options = question.options.map((option) => {
      const note = option.required ? ' (required)' : option.default !== undefined ? ` (default ${option.default})` : '';
      return `      --${option.name.padEnd(8)} ${option.describe}${note}`;
    });
    return `  ${question.name.padEnd(21)} ${question.contract}. ${question.title}\n${options.join('\n')}`;
  }).join('\n') + '\n';
}

if (isEntryPoint(import.meta.url)) await runCli(queryMain);
