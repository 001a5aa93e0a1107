import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // Quiet test output; the test that reads the logs raises the level itself.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
  },
});
