import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireLockAt, lockHolderAt } from '../partitions/lock.js';
import { removeFolder, temporaryFolder } from './helpers/lake.js';
import { startCli } from './helpers/process.js';

// A lock must count its holder as dead exactly when it is: not only when the PID is gone, but
// when the process is a zombie (SIGKILLed and not yet reaped, which in a container without an
// init can last as long as the container) or when its PID now belongs to another process. And
// when several runs find the same dead holder at once, exactly one of them may take over.

let root: string;
const children: { kill(signal: NodeJS.Signals): boolean }[] = [];

beforeAll(() => {
  root = temporaryFolder('lock-takeover');
});

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  removeFolder(root);
});

const startTicks = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]);
const bootId = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

function writeLock(file: string, pid: number, processStart: number): void {
  writeFileSync(file, JSON.stringify({ pid, hostname: os.hostname(), startedAt: new Date().toISOString(), processStart, bootId: bootId() }));
}

/** A process that is a zombie for the next half minute: sh's child, whose parent was replaced by a sleep that never reaps it. */
async function startZombie(): Promise<number> {
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(parent);
  const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  const deadline = Date.now() + 10_000;
  while (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z') {
    if (Date.now() > deadline) throw new Error(`process ${pid} did not become a zombie`);
    await new Promise((wake) => setTimeout(wake, 10));
  }
  return pid;
}

describe.runIf(existsSync('/proc/self/stat'))('a lock whose holder', () => {
  it('is a zombie is stale: signal 0 still reaches the PID, but the lock is taken over', async () => {
    const zombie = await startZombie();
    expect(() => process.kill(zombie, 0), 'signal 0 reaches a zombie').not.toThrow();
    const lock = path.join(root, 'zombie.lock');
    writeLock(lock, zombie, startTicks(zombie));
    expect(await lockHolderAt(lock)).toBe(null);
    const taken = await acquireLockAt(lock);
    expect(taken.acquired).toBe(true);
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    if (taken.acquired) await taken.release();
    expect(existsSync(lock)).toBe(false);
  });

  it("has a PID now used by a process started at another time is stale", async () => {
    const live = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(live);
    await new Promise((resolve) => live.once('spawn', resolve));
    const lock = path.join(root, 'reused.lock');
    writeLock(lock, live.pid!, startTicks(live.pid!) + 1);
    expect(await lockHolderAt(lock)).toBe(null);
    // The same PID with its real start time is a live holder, and the lock is refused.
    writeLock(lock, live.pid!, startTicks(live.pid!));
    expect((await lockHolderAt(lock))?.pid).toBe(live.pid);
    const refused = await acquireLockAt(lock);
    expect(refused).toEqual({ acquired: false, holder: expect.objectContaining({ pid: live.pid }) });
  });

  it('died is taken over by exactly one of several runs that find it at the same moment', async () => {
    const dead = spawn('true', { stdio: 'ignore' });
    await new Promise((resolve) => dead.once('close', resolve));
    // The window in which two takeovers can interleave is microseconds wide, so the race is run
    // many times over: each round a fresh stale lock, and every contender after it at once.
    const folder = path.join(root, 'race');
    mkdirSync(folder);
    const rounds = 60;
    for (let round = 0; round < rounds; round++) writeLock(path.join(folder, `round-${round}.lock`), dead.pid!, 1);
    const startAt = Date.now() + 6_000;
    const holdUntil = startAt + rounds * 25 + 2_000;
    const runs = Array.from({ length: 4 }, () => startCli('test/helpers/processLockRace.ts', [folder, String(startAt), '25', String(rounds), String(holdUntil)]));
    const results = await Promise.all(runs.map((run) => run.done));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const contenders = results.map((result) => JSON.parse(result.stdout) as { pid: number; outcomes: (number | 'won')[] });
    for (let round = 0; round < rounds; round++) {
      const winners = contenders.filter((contender) => contender.outcomes[round] === 'won');
      expect(winners.map((winner) => winner.pid), `round ${round}: ${JSON.stringify(contenders.map((c) => c.outcomes[round]))}`).toHaveLength(1);
      for (const contender of contenders) if (contender !== winners[0]) expect(contender.outcomes[round]).toBe(winners[0]!.pid);
    }
    // Every winner released its lock, and no claim file was left behind.
    expect(readdirSync(folder)).toEqual([]);
  });
});
