import { afterEach, expect, test, vi } from 'vitest';
import { RequestAborts } from '../../src/revocation/request-aborts.js';

afterEach(() => {
  vi.useRealTimers();
});

test('a request signal aborts at its timeout with a TimeoutError, not before', () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const abort = new RequestAborts().start(100);
  vi.advanceTimersByTime(99);
  expect(abort.signal.aborted).toBe(false);
  vi.advanceTimersByTime(1);
  expect(abort.signal.aborted).toBe(true);
  expect((abort.signal.reason as Error).name).toBe('TimeoutError');
});

test('a request marked done no longer times out', () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const abort = new RequestAborts().start(100);
  abort.done();
  vi.advanceTimersByTime(1000);
  expect(abort.signal.aborted).toBe(false);
});

test('abortAll aborts the requests under way and every one started after, but not those done', () => {
  const aborts = new RequestAborts();
  const [done, open] = [aborts.start(60_000), aborts.start(60_000)];
  done.done();
  aborts.abortAll();
  expect([done.signal.aborted, open.signal.aborted]).toEqual([false, true]);
  const later = aborts.start(60_000);
  expect(later.signal.aborted).toBe(true);
  later.done();
  open.done();
});
