import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../connection.js';
import type { Row } from '../connection.js';
import { QUESTIONS } from '../questions/catalog.js';
import type { OptionKind, Question } from '../questions/question.js';
import { tidySql } from './charts/chart.js';
import { runQuestion } from './runQuestion.js';

export interface QuestionAnswer {
  question: Question;
  /** The options it was asked with, as `npm run query` takes them. */
  given: Record<string, string>;
  command: string;
  sql: string;
  rows: Row[];
  /** Set instead of rows when the question could not be answered (e.g. an empty warehouse). */
  error: string | null;
}

/**
 * Example values for questions that need a player, a date or a month: the player who played on
 * the most days, their last day played, and the latest month with play. Chosen from the data so
 * every answer has rows; ties go to the lowest id so the report is stable.
 */
const EXAMPLES_SQL = `
  SELECT
      CAST(player_id AS VARCHAR) AS player,
      CAST(last_played AS VARCHAR) AS date,
      strftime(last_played, '%Y-%m') AS month
  FROM sprint_mart.player_stats_lifetime
  ORDER BY days_played DESC, total_play_time_seconds DESC, player_id
  LIMIT 1`;

/** Every question of CONTRACT §3, asked with the warehouse's own SQL and parameter checks. */
export async function answerQuestions(connection: DuckDBConnection): Promise<QuestionAnswer[]> {
  const [example] = await queryRows(connection, EXAMPLES_SQL);
  const examples: Partial<Record<OptionKind, string>> = example
    ? { player: String(example.player), date: String(example.date), month: String(example.month) }
    : {};
  const answers: QuestionAnswer[] = [];
  for (const question of QUESTIONS) {
    // Only required options get an example; the others keep their defaults, which is how a user asks.
    const given: Record<string, string> = {};
    for (const option of question.options) {
      const value = examples[option.kind];
      if (option.required && value !== undefined) given[option.name] = value;
    }
    const command = ['npm run query --', question.name, ...Object.entries(given).map(([name, value]) => `--${name} ${value}`)].join(' ');
    let rows: Row[] = [];
    let error: string | null = null;
    try {
      rows = await runQuestion(connection, question, given);
    } catch (failure) {
      error = (failure instanceof Error ? failure.message : String(failure)).split('\n')[0]!;
    }
    answers.push({ question, given, command, sql: tidySql(question.sql), rows, error });
  }
  return answers;
}
