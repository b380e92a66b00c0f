import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { NoticeLimiter } from '../../src/internal/notice-limiter.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(0);
});
afterEach(() => vi.useRealTimers());

describe('notice limiter', () => {
  test('a key is admitted once per window, then again in the next window', () => {
    const limiter = new NoticeLimiter(4, 60_000);
    expect([limiter.admit('a'), limiter.admit('a'), limiter.admit('b')]).toEqual([true, false, true]);
    vi.setSystemTime(59_999);
    expect(limiter.admit('a')).toBe(false);
    vi.setSystemTime(60_000);
    expect([limiter.admit('a'), limiter.admit('a')]).toEqual([true, false]);
  });

  test('at most capacity keys are admitted per window, however many arrive', () => {
    const limiter = new NoticeLimiter(3, 60_000);
    const admitted = Array.from({ length: 1000 }, (_, i) => limiter.admit(`key-${i}`)).filter(Boolean);
    expect(admitted).toHaveLength(3);
    vi.setSystemTime(60_000);
    expect(limiter.admit('key-999')).toBe(true);
  });

  test('an infinite window admits each key once, ever, up to capacity', () => {
    const limiter = new NoticeLimiter(2, Number.POSITIVE_INFINITY);
    expect([limiter.admit('a'), limiter.admit('b'), limiter.admit('c')]).toEqual([true, true, false]);
    vi.setSystemTime(10 * 365 * 86_400_000);
    expect([limiter.admit('a'), limiter.admit('d')]).toEqual([false, false]);
  });
});
