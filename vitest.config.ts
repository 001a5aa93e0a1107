import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // Quiet test output; the test that reads the logs raises the level itself.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
    projects: [
      {
        extends: true,
        test: { name: 'server', include: ['test/**/*.test.ts'], exclude: ['test/web/**'] },
      },
      // The pages' components, mounted in a DOM (happy-dom) with Vue's compiler.
      {
        extends: true,
        plugins: [vue()],
        test: { name: 'web', include: ['test/web/**/*.test.ts'], environment: 'happy-dom' },
      },
    ],
  },
});
