import { runCli } from '../../cli/runCli.js';

/**
 * A command whose main function fails with an error nothing anticipated, as a bug would: run as
 * a real process by badInputDebug.test.ts to see what runCli shows the user with and without
 * --debug. (Every failure simulate can reach on purpose is a known, one-line error.)
 */
await runCli(async () => {
  throw new TypeError("Cannot read properties of undefined (reading 'units')");
});
