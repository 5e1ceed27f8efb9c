import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../connection.js';
import type { Row } from '../connection.js';
import { bindOptions } from '../questions/question.js';
import type { Question } from '../questions/question.js';

/**
 * Answers a CONTRACT §3 question on a connection the report already holds. answerQuestion opens
 * the file itself, once per question; the report asks many questions of one open warehouse.
 */
export async function runQuestion(connection: DuckDBConnection, question: Question, given: Readonly<Record<string, string | undefined>>): Promise<Row[]> {
  return queryRows(connection, question.sql, bindOptions(question, given));
}
