import { defineConfig } from 'vitest/config';

// Tests start real worker threads and real DuckDB instances on a 2-core machine: files run one
// after another so each gets the cores it expects, with deadlines generous enough for a busy box.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.slow.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
