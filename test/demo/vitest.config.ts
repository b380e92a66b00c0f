import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'demo',
          include: ['test/**/*.test.ts'],
          exclude: ['test/idp/**'],
          // The demo starts an IdP and four SDK-instrumented services and runs eleven scenarios: about 15-20 s
          // alone, more on a busy machine. It runs once, before any test file; every file reads that run's output.
          globalSetup: ['src/global-setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        // The demo's IdP on its own, in process (`vitest run --project idp`): no demo run needed.
        test: { name: 'idp', include: ['test/idp/**/*.test.ts'], testTimeout: 20_000 },
      },
    ],
  },
});
