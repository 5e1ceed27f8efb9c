import type { TestContext } from 'vitest';

/**
 * For a test that cannot set up what it needs here (a tmpfs mount needs root and a kernel that
 * allows it): elsewhere it is skipped, saying why; under CI=true it fails, so a CI run can never
 * pass with a feature untested.
 */
export function skipOutsideCi(context: TestContext, why: string): never {
  if (underCi()) throw new Error(`CI must run this test, but ${why}`);
  context.skip(why);
  throw new Error(`skipped: ${why}`);
}

export function underCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
