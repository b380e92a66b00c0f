import { describe, expect, test } from 'vitest';
import { retryDelayMs } from '../../src/internal/retry-backoff.js';

describe('retryDelayMs', () => {
  test('starts at the first delay and doubles with each failure, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((failures) => retryDelayMs(failures, 1000, 10_000))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  test('stays at the cap, never Infinity or NaN, after any number of failures', () => {
    expect(retryDelayMs(5000, 1000, 300_000)).toBe(300_000);
    expect(retryDelayMs(Number.MAX_SAFE_INTEGER, 2_147_483_000, 2_147_483_000)).toBe(2_147_483_000);
  });
});
