import { defineConfig } from 'vitest/config';

// The live tests: the real agent binaries against loopback mocks (`npm run test:live`).
export default defineConfig({
  test: {
    include: ['test/live/**/*.live.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/live/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
