import fs from 'node:fs';
import { UsageError } from '../../common/errors.js';
import { openWarehouse, queryRows } from '../connection.js';
import type { Row } from '../connection.js';
import { bindOptions } from './question.js';
import type { Question } from './question.js';

/** Answers one question from a built warehouse, opened read-only so a running build is never disturbed. */
export async function answerQuestion(db: string, question: Question, given: Readonly<Record<string, string | undefined>>): Promise<Row[]> {
  const params = bindOptions(question, given);
  if (!fs.existsSync(db)) throw new UsageError(`no warehouse at ${db}; build it with \`npm run build-warehouse -- --db ${db}\` or pass --db`);
  const warehouse = await openWarehouse(db, { readOnly: true });
  try {
    return await queryRows(warehouse.connection, question.sql, params);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('Catalog Error')) {
      throw new UsageError(`${db} is not a Sprint warehouse (or an older one): ${error.message.split('\n')[0]}; rebuild it with \`npm run build-warehouse\``);
    }
    throw error;
  } finally {
    warehouse.close();
  }
}
