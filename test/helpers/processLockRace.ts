import path from 'node:path';
import { acquireLockAt } from '../../partitions/lock.js';

// One contender in races for locks: round r races for `round-r.lock` in `folder` at `startAt` +
// r × `gapMs`. It prints what it got in every round as one JSON line, and keeps the locks it won
// until `holdUntil` so that the losers meet a live holder. The last stretch before each start
// spins rather than sleeps, so all contenders leave the line within a fraction of a millisecond.
const [folder, startAt, gapMs, rounds, holdUntil] = process.argv.slice(2).map((value, index) => (index === 0 ? value : Number(value))) as [string, number, number, number, number];
const outcomes: (number | 'won')[] = [];
const releases: (() => Promise<void>)[] = [];
for (let round = 0; round < rounds; round++) {
  const at = startAt + round * gapMs;
  while (Date.now() < at - 20) await new Promise((wake) => setTimeout(wake, 5));
  while (Date.now() < at);
  const result = await acquireLockAt(path.join(folder, `round-${round}.lock`));
  if (result.acquired) releases.push(result.release);
  outcomes.push(result.acquired ? 'won' : result.holder.pid);
}
process.stdout.write(`${JSON.stringify({ pid: process.pid, outcomes })}\n`);
while (Date.now() < holdUntil) await new Promise((wake) => setTimeout(wake, 20));
for (const release of releases) await release();
