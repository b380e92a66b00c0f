import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starting three SDK-instrumented child processes takes a few seconds; one scenario may start its own chain.
    hookTimeout: 30_000,
    testTimeout: 20_000,
  },
});
