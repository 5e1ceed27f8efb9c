import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { removeFolder, temporaryFolder } from './helpers/lake.js';
import { runCliProcess } from './helpers/warehouseBuild.js';

// A report of something that is not a built warehouse says so in one line, with the exit code of
// runCli's error kinds, and writes nothing.

describe('npm run report with a bad --db', () => {
  let dir: string;
  beforeAll(() => {
    dir = temporaryFolder('report-errors');
  });
  afterAll(() => removeFolder(dir));

  const report = (...args: string[]) => runCliProcess('cli/report.ts', [...args, '--out', path.join(dir, 'out')]);

  it('refuses a missing warehouse with exit code 2 and says how to build one', () => {
    const result = report('--db', path.join(dir, 'missing.duckdb'));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`error: no warehouse at ${path.join(dir, 'missing.duckdb')}; build it with \`npm run build-warehouse -- --db ${path.join(dir, 'missing.duckdb')}\` or pass --db\n`);
    expect(result.stdout).toBe('');
  });

  it('refuses a file that is not a DuckDB database with exit code 1, in one line', () => {
    const notADatabase = path.join(dir, 'notes.duckdb');
    writeFileSync(notADatabase, 'these are not the tables you are looking for\n'.repeat(200));
    const result = report('--db', notADatabase);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^error: cannot open ${notADatabase.replaceAll('.', '\\.')} as a DuckDB warehouse: [^\\n]+\\n$`));
  });

  it('refuses an unknown option with exit code 2', () => {
    const result = report('--db', 'x.duckdb', '--colour');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: Unknown argument: colour; see --help\n$/);
  });
});
