import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The live tests drive the real agents: `npm run test:live` (vitest.live.config.ts).
    exclude: ['test/live/**', '**/node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The tests wait on git and node processes more than on the CPU: more workers than cores.
    maxWorkers: 4,
  },
});
