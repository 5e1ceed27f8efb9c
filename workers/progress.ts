import cliProgress from 'cli-progress';
import { formatCount } from '../common/formatCount.js';

/**
 * The run's progress for people: on a terminal a live bar with rows per table, rows/s and ETA;
 * elsewhere (CI, pipes) a plain line now and then (see LOG_LINE_SECONDS), so logs stay readable.
 */
export interface ProgressReporter {
  start(totalUnits: number, doneUnits: number): void;
  update(doneUnits: number, rows: Readonly<Record<string, number>>): void;
  stop(): void;
}

const SHORT_NAMES: Record<string, string> = { heartbeats: 'hb', sessions: 'ses', signons: 'sign', transactions: 'tx', players: 'pl' };


function describe(rows: Readonly<Record<string, number>>, seconds: number): { total: string; rate: string; tables: string } {
  const total = Object.values(rows).reduce((s, n) => s + n, 0);
  const tables = Object.entries(SHORT_NAMES)
    .map(([table, short]) => `${short} ${formatCount(rows[table] ?? 0)}`)
    .join(' ');
  return { total: formatCount(total), rate: formatCount(total / Math.max(seconds, 1e-3)), tables };
}

/** Without a terminal, a line at every 5% of the units, or after 30 s without one: a full-scale run's log stays short. */
export const LOG_LINE_SECONDS = 30;
export const LOG_LINE_SHARE = 0.05;

export function createProgressReporter(enabled: boolean, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr, now: () => number = () => performance.now()): ProgressReporter {
  if (!enabled) return { start() {}, update() {}, stop() {} };
  const started = now();
  const elapsed = () => (now() - started) / 1000;
  if (!stream.isTTY) {
    let lastLine = started;
    let lastStep = 0;
    let total = 0;
    const step = (done: number) => (total > 0 ? Math.floor(done / (total * LOG_LINE_SHARE) + 1e-9) : 0);
    return {
      start(totalUnits, doneUnits) {
        total = totalUnits;
        lastStep = step(doneUnits);
      },
      update(done, rows) {
        const dueByTime = now() - lastLine >= LOG_LINE_SECONDS * 1000;
        if (step(done) <= lastStep && !dueByTime) return;
        lastLine = now();
        lastStep = step(done);
        const d = describe(rows, elapsed());
        stream.write(`simulate: ${done}/${total} units, ${d.total} rows (${d.rate} rows/s) [${d.tables}]\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'simulate {bar} {percentage}% | {value}/{total} units | {rows} rows @ {rate}/s | {tables} | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start(totalUnits, doneUnits) {
      bar.start(totalUnits, doneUnits, { rows: '0', rate: '0', tables: '' });
    },
    update(done, rows) {
      const d = describe(rows, elapsed());
      bar.update(done, { rows: d.total, rate: d.rate, tables: d.tables });
    },
    stop() {
      bar.stop();
    },
  };
}
