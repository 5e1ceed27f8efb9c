import { isKnownError } from '../common/errors.js';

/**
 * Runs a command's main function and turns failures into one line on stderr and an exit code, the
 * way a user expects from a CLI: known errors say what to fix; unexpected ones say how to see more.
 * `--debug` anywhere on the command line prints the stack as well.
 */
export async function runCli(main: (argv: string[]) => Promise<number | void>): Promise<void> {
  const argv = process.argv.slice(2);
  const debug = wantsDebug(argv);
  try {
    const code = await main(argv);
    process.exitCode = code ?? 0;
  } catch (error) {
    if (isKnownError(error)) {
      process.stderr.write(`error: ${error.message}\n`);
      if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message.split('\n')[0]}\n`);
    if (debug) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    else process.stderr.write('(unexpected; rerun with --debug to see the stack)\n');
    process.exitCode = 1;
  }
}

/** `--debug`, `--debug=true` or `--no-debug` as yargs reads them (the last one wins), before yargs has run. */
function wantsDebug(argv: readonly string[]): boolean {
  let debug = false;
  for (const word of argv) {
    const match = /^--(no-)?debug(?:=(true|false))?$/i.exec(word);
    if (match) debug = !match[1] === (match[2] === undefined || match[2].toLowerCase() === 'true');
  }
  return debug;
}
