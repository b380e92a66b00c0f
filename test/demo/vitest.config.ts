import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The demo starts an IdP and four SDK-instrumented services and runs nine scenarios: about 10-15 s alone,
    // more on a busy machine. One run serves every test, started in beforeAll.
    hookTimeout: 150_000,
    testTimeout: 20_000,
  },
});
