/**
 * The two kinds of failure a user can act on. Both carry a message meant to be printed as one line
 * that names what was wrong and how to fix it; anything else that escapes is a bug and gets a
 * hint to rerun with --debug.
 */

/** Bad command-line input or configuration: nothing was done. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}

/** The work started but cannot go on (a corrupt file, a full disk, a failed data test). Exit code 1. */
export class SprintError extends Error {
  override readonly name = 'SprintError';
  readonly exitCode: number;
  constructor(message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options?.exitCode ?? 1;
  }
}

export function isKnownError(error: unknown): error is UsageError | SprintError {
  return error instanceof UsageError || error instanceof SprintError;
}
