import { runCli } from './runCli.js';
import { simulateMain } from './simulate.js';

/**
 * `npm start`: the whole pipeline at a size that finishes in about a minute on two cores.
 * It resumes rather than replaces, so running it twice is cheap and never clobbers a lake made
 * with other options (that refuses with a message naming the option).
 */
export const DEMO = Object.freeze({ players: '20000', days: '120', lake: 'data/lake', warehouse: 'data/warehouse.duckdb' });

async function startMain(): Promise<number> {
  process.stdout.write(`sprint: simulating ${DEMO.players} players over ${DEMO.days} days into ${DEMO.lake}\n`);
  return simulateMain(['--players', DEMO.players, '--days', DEMO.days, '--out', DEMO.lake, '--resume']);
}

await runCli(startMain);
