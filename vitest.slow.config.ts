import { defineConfig } from 'vitest/config';

// The slow suite: mid-size runs (calibration, stress) kept out of `npm test`, run by CI separately.
export default defineConfig({
  test: {
    include: ['test/**/*.slow.test.ts'],
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
