import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TEMPORARY_FILE_PATTERN } from '../../partitions/atomicWrite.js';
import { MANIFEST_FILE } from '../../partitions/layout.js';
import type { LakeManifest } from '../../partitions/manifest.js';
import { SMALL_WORLD } from './lake.js';

/**
 * The CLIs as a user runs them: a real `node` process, so exit codes, signals, stderr and what
 * a SIGKILL leaves on disk are the real ones. Node is spawned directly (not through npm or npx)
 * so a signal reaches the simulate process itself and start-up stays short.
 */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** tsx's loader by absolute URL: a bare `--import tsx` resolves from the cwd, which a test may move. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Output so far; complete once `done` resolves. */
  readonly stdout: string;
  readonly stderr: string;
  done: Promise<CliResult>;
}

export function startCli(script: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): RunningCli {
  return startCommandLine(path.join(REPO_ROOT, script), args, options);
}

/** A script at any path (a copy of the project, a symlink to one) run by node through tsx. */
export function startCommandLine(scriptPath: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): RunningCli {
  return startCommand(process.execPath, ['--import', TSX_LOADER, scriptPath, ...args], options);
}

/**
 * `npm run SCRIPT -- ARGS` in `cwd`, as the README tells a user to type it. With `detached`, npm
 * leads a process group of its own (so a test can signal npm, tsx and the command at once).
 */
export function startNpm(script: string, args: string[], options: { cwd?: string; detached?: boolean; env?: Record<string, string> } = {}): RunningCli {
  return startCommand('npm', ['run', '--silent', script, ...(args.length > 0 ? ['--', ...args] : [])], options);
}

export function runNpm(script: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return startNpm(script, args, options).done;
}

function startCommand(command: string, args: string[], options: { cwd?: string; detached?: boolean; env?: Record<string, string> }): RunningCli {
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    done,
  };
}

export function startSimulate(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): RunningCli {
  return startCli('cli/simulate.ts', args, options);
}

export function runSimulate(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return startSimulate(args, options).done;
}

/** The command-line form of the test helpers' SMALL_WORLD, so CLI lakes compare with `simulate()` ones. */
export function smallWorldArgs(out: string, overrides: { days?: number; threads?: number } = {}): string[] {
  return [
    '--players', String(SMALL_WORLD.players),
    '--days', String(overrides.days ?? SMALL_WORLD.days),
    '--block-size', String(SMALL_WORLD.blockSize),
    '--start-date', SMALL_WORLD.startDate,
    '--seed', SMALL_WORLD.seed,
    '--threads', String(overrides.threads ?? 2),
    '--no-progress',
    '--out', out,
  ];
}

/**
 * Polls `condition` until it holds. Fails early, with the child's stderr, if the child exits
 * first: a run that ends before the point a test wanted to interrupt it proves nothing.
 */
export async function waitFor(condition: () => boolean, what: string, running?: RunningCli, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (running && running.child.exitCode !== null) throw new Error(`the process exited (code ${running.child.exitCode}) before ${what}; stderr: ${running.stderr}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((wake) => setTimeout(wake, 20));
  }
}

/** Every file under `root`, relative to it, with forward slashes. */
export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** Published Parquet files: what a reader's `*.parquet` glob sees. */
export function parquetFiles(lake: string): string[] {
  return listFiles(lake).filter((file) => file.endsWith('.parquet'));
}

export function temporaryFiles(lake: string): string[] {
  return listFiles(lake).filter((file) => TEMPORARY_FILE_PATTERN.test(file));
}

export function readLakeManifest(lake: string): LakeManifest {
  return JSON.parse(readFileSync(path.join(lake, MANIFEST_FILE), 'utf8')) as LakeManifest;
}

/**
 * Names, sizes, modes and modification times of a folder and everything under it: equal
 * snapshots mean nothing was created, deleted, written or even touched (creating and removing a
 * file changes the folder's own mtime).
 */
export function snapshot(root: string): string[] {
  const describe = (file: string) => {
    const info = statSync(file);
    return `${path.relative(root, file) || '.'} ${info.isDirectory() ? 'dir' : info.size} ${info.mode.toString(8)} ${info.mtimeMs}`;
  };
  const entries = readdirSync(root, { recursive: true, withFileTypes: true }).map((entry) => describe(path.join(entry.parentPath, entry.name)));
  return [describe(root), ...entries].sort();
}

/** The lines of a CLI's stderr, without the trailing empty one. */
export function stderrLines(result: CliResult): string[] {
  return result.stderr.split('\n').filter((line) => line.length > 0);
}
