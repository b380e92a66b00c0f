import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The demo starts an IdP and four SDK-instrumented services and runs nine scenarios: about 10-15 s alone,
    // more on a busy machine. It runs once, before any test file; every file reads that run's output.
    globalSetup: ['src/global-setup.ts'],
    testTimeout: 20_000,
  },
});
