import yargs, { type Argv } from 'yargs';
import { UsageError } from '../common/errors.js';

/**
 * What every Sprint command shares: unknown options are refused, `--help` and `--debug` exist,
 * and anything wrong on the command line becomes one UsageError line (exit 2), never yargs'
 * multi-line dump or a stack.
 */
export function commandLine(argv: string[], scriptName: string, usage: string): Argv<{ debug: boolean }> {
  const parser = yargs(argv);
  return parser
    .scriptName(scriptName)
    .usage(usage)
    .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces on errors' })
    .group(['debug', 'help'], 'General:')
    .strict()
    // yargs reads a switch given a value it does not know (`--resume=maybe`) as false, which
    // silently means the opposite of what was typed half the time; refuse it instead.
    .middleware(() => {
      const switches = new Set(declaredOptions(parser).boolean);
      for (const word of argv) {
        const given = /^--(?:no-)?([^=]+)=(.*)$/s.exec(word);
        if (given && switches.has(given[1]!) && !/^(true|false)$/i.test(given[2]!)) {
          throw new UsageError(`--${given[1]} is a switch: write --${given[1]} or --no-${given[1]}, not '${word}'; see --help`);
        }
      }
    }, true)
    .help()
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, error) => {
      // Everything that fails while parsing is the command line's fault: yargs' own messages (an
      // unknown option) and its parser's errors (a YError for an option given without a value).
      const text = message ?? error?.message ?? 'invalid arguments';
      // With requiresArg, `--out` followed by nothing is refused instead of quietly meaning the
      // default; yargs' message for it is reworded to name the option as typed.
      const missing = /^Not enough arguments following: (\S+)$/.exec(text);
      throw new UsageError(missing ? `--${missing[1]} needs a value; see --help` : `${text.split('\n')[0]}; see --help`);
    });
}

/** yargs keeps its declared options behind getOptions(), which runs but is missing from its types. */
function declaredOptions(parser: Argv): { boolean: string[] } {
  return (parser as unknown as { getOptions(): { boolean: string[] } }).getOptions();
}
