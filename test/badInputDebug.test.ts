import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { removeFolder, temporaryFolder } from './helpers/lake.js';
import { runSimulate, startCli, stderrLines } from './helpers/process.js';

// Users get one line; whoever debugs gets the stack. `--debug` must add the stack without
// changing the line, for the errors a user can fix and for the bugs they have to report.

let root: string;

beforeAll(() => {
  root = temporaryFolder('debug');
});

afterAll(() => removeFolder(root));

const stackLines = (lines: string[]) => lines.filter((line) => /^\s+at /.test(line));

describe('--debug', () => {
  it('adds the stack trace under the one-line message of a usage error', async () => {
    const plain = await runSimulate(['--players', '0', '--out', path.join(root, 'a')]);
    const debug = await runSimulate(['--players', '0', '--out', path.join(root, 'b'), '--debug']);
    expect(plain.code).toBe(2);
    expect(debug.code).toBe(2);
    expect(stderrLines(plain)).toHaveLength(1);
    expect(stderrLines(debug)[0]).toBe(stderrLines(plain)[0]);
    expect(stackLines(stderrLines(debug)).length).toBeGreaterThan(0);
  });

  it('given as --debug=true adds the stack as well, and --debug=false does not', async () => {
    const plain = await runSimulate(['--players', '0', '--out', path.join(root, 'c'), '--debug=false']);
    const debug = await runSimulate(['--players', '0', '--out', path.join(root, 'd'), '--debug=true']);
    expect(plain.code).toBe(2);
    expect(debug.code).toBe(2);
    expect(stderrLines(plain)).toHaveLength(1);
    expect(stderrLines(debug)[0]).toBe(stderrLines(plain)[0]);
    expect(stackLines(stderrLines(debug)).length).toBeGreaterThan(0);
  });

  it('is suggested, without a stack, when an unexpected error escapes', async () => {
    const result = await startCli('test/helpers/processUnexpectedError.ts', []).done;
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toEqual(["error: Cannot read properties of undefined (reading 'units')", '(unexpected; rerun with --debug to see the stack)']);
  });

  it('shows the stack of an unexpected error', async () => {
    const result = await startCli('test/helpers/processUnexpectedError.ts', ['--debug']).done;
    expect(result.code).toBe(1);
    const lines = stderrLines(result);
    expect(lines[0]).toBe("error: Cannot read properties of undefined (reading 'units')");
    expect(lines[1]).toMatch(/^TypeError: /);
    expect(stackLines(lines).some((line) => line.includes('processUnexpectedError.ts'))).toBe(true);
  });
});
