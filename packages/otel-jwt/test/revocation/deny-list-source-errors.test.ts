import { describe, expect, test, vi } from 'vitest';
import {
  advanceTo,
  counted,
  NOW,
  REFRESH_MS,
  T0,
  TIMEOUT_MS,
  USABLE_UNTIL,
  useDenyLists,
} from '../support/deny-list-fixtures.js';
import { until } from '../support/remote-fixtures.js';

// The deny-list document while it cannot be had: outages at start and after a good fetch, the
// stale-if-error window, failed fetches and refused documents, and what the operator is told.

const { serve, denyList, notices } = useDenyLists();

describe('DenyList while its document cannot be had', () => {
  test('unavailable at start: the failed first fetch is said once, with what tokens get', async () => {
    const server = await serve();
    await server.stop();
    const { list, counts } = denyList(server);
    await list.pending;
    expect(list.status(Date.now())).toBe('unavailable');
    expect(counted(counts)).toEqual({ fetch_failed: 1 });
    expect(notices()).toEqual([
      expect.stringMatching(
        /^error otel-jwt: the deny-list document could not be loaded \(fetch_failed\); until a fetch succeeds tokens are refused as unverified \(status_unavailable\)/,
      ),
    ]);
  });

  test('with whenUnavailable "accept" the outage notice says tokens are accepted', async () => {
    const server = await serve();
    server.mode = 'http-500';
    const { list } = denyList(server, { whenUnavailable: 'accept' });
    await list.pending;
    expect(notices()[0]).toMatch(
      /\(http_error\).*accepted without it \(denyList.whenUnavailable is "accept"\)/,
    );
  });

  test('a first fetch that failed is retried after a second; its success makes the list ok, bumps the generation and is said', async () => {
    const server = await serve();
    server.mode = 'http-500';
    const { list } = denyList(server, {}, true);
    await list.pending;
    const before = list.generation;
    server.mode = 'normal';
    await advanceTo(server, 999, 1);
    await advanceTo(server, 1000, 2);
    await until(() => list.status(Date.now()) === 'ok');
    expect(list.generation).toBeGreaterThan(before);
    expect(list.denied('r1', Date.now())).toBe(true);
    expect(notices().at(-1)).toBe('warn otel-jwt: deny-list fetch succeeded after 1 failure');
  });

  test('failing refreshes back off from one second, doubling up to the refresh interval', async () => {
    const server = await serve();
    server.mode = 'http-500';
    const { list } = denyList(server, { refreshSeconds: 5 }, true);
    await list.pending;
    let at = 0;
    for (const [delay, requests] of [
      [1000, 2],
      [2000, 3],
      [4000, 4],
      [5000, 5],
      [5000, 6],
    ] as const) {
      at += delay;
      await advanceTo(server, at - 1, requests - 1);
      await advanceTo(server, at, requests);
    }
  });

  test('the last good document serves through failing refreshes until the window ends, its entries denying after', async () => {
    const server = await serve();
    const { list } = denyList(server, {}, true);
    await list.pending;
    server.mode = 'http-500';
    await advanceTo(server, REFRESH_MS, 2);
    await until(() => notices().length > 0);
    expect(notices()[0]).toBe(
      'warn otel-jwt: deny-list refresh failed (http_error); the last good document keeps serving for up to 2 min while retries go on',
    );
    const serving = list.generation;
    expect(list.status(USABLE_UNTIL - 1)).toBe('ok');
    expect(list.generation).toBe(serving);
    expect(list.status(USABLE_UNTIL)).toBe('unavailable');
    expect(list.generation).toBe(serving + 1);
    expect(list.pending === undefined || list.pending instanceof Promise).toBe(true);
    expect(list.denied('r1', USABLE_UNTIL)).toBe(true);
  });

  test('the end of the window bumps the generation and is said even when no status is asked', async () => {
    const server = await serve();
    const { list } = denyList(server, {}, true);
    await list.pending;
    server.mode = 'hang';
    const serving = list.generation;
    await vi.advanceTimersByTimeAsync(USABLE_UNTIL - T0);
    expect(list.generation).toBe(serving + 1);
    expect(list.status(Date.now())).toBe('unavailable');
    expect(notices().at(-1)).toMatch(
      /^error otel-jwt: the deny-list document is stale past denyList.staleIfErrorSeconds \(refreshes fail: fetch_timeout\)/,
    );
  });

  test('an end-of-window timer that fires early (the clock stepped back) plans again, and ends the window when it comes', async () => {
    const server = await serve();
    const { list } = denyList(server, {}, true);
    await list.pending;
    server.mode = 'hang';
    const serving = list.generation;
    // The wall clock steps back 10 s; the timer, due after its delay, fires 10 s before the window ends.
    vi.setSystemTime(T0 - 10_000);
    await vi.advanceTimersByTimeAsync(USABLE_UNTIL - T0);
    expect(Date.now()).toBe(USABLE_UNTIL - 10_000);
    expect(list.generation).toBe(serving);
    expect(notices().join('\n')).not.toContain('stale past');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(list.generation).toBe(serving + 1);
    expect(notices().filter((notice) => notice.includes('stale past'))).toHaveLength(1);
  });

  test('a staleIfErrorSeconds of 0 keeps the document usable while its refresh is under way', async () => {
    const server = await serve();
    const { list } = denyList(server, { staleIfErrorSeconds: 0 }, true);
    await list.pending;
    server.mode = 'hang';
    await advanceTo(server, REFRESH_MS, 2);
    expect(list.status(Date.now() + TIMEOUT_MS - 1)).toBe('ok');
  });

  test.each([
    ['a declared body over maxResponseBytes', 'oversized-declared', 'response_too_large'],
    ['a chunked body over maxResponseBytes', 'oversized-chunked', 'response_too_large'],
    ['an HTTP 500', 'http-500', 'http_error'],
    ['a redirect, never followed', 'redirect', 'http_error'],
    ['a destroyed connection', 'reset', 'fetch_failed'],
    ['no answer within fetchTimeoutMilliseconds', 'hang', 'fetch_timeout'],
  ] as const)('refuses %s (%s) and keeps the last good document', async (_name, mode, code) => {
    const server = await serve();
    server.oversizeBytes = 2048;
    const { list, counts } = denyList(
      server,
      { maxResponseBytes: 1024, fetchTimeoutMilliseconds: 200 },
      true,
    );
    await list.pending;
    server.mode = mode;
    await advanceTo(server, REFRESH_MS, 2);
    // The timeout timer is faked too: move past it.
    if (mode === 'hang') await vi.advanceTimersByTimeAsync(200);
    await until(() => counted(counts)[code] === 1);
    expect(counted(counts)).toEqual({ success: 1, [code]: 1 });
    expect(server.count('/elsewhere')).toBe(0);
    expect(list.denied('r1', Date.now())).toBe(true);
    expect(list.status(Date.now())).toBe('ok');
  });

  test.each([
    ['not JSON', '<html>', 'invalid_document', /\(invalid_document\)/],
    [
      'an entry with a numeric jti',
      `{"revoked":[{"jti":5,"exp":${NOW + 60}}]}`,
      'invalid_document',
      /\(invalid_document\)/,
    ],
    [
      'more live entries than maxEntries',
      JSON.stringify({ revoked: ['a', 'b', 'c'].map((jti) => ({ jti: `secret-${jti}`, exp: NOW + 60 })) }),
      'too_many_entries',
      /\(too_many_entries: more live entries than denyList.maxEntries\)/,
    ],
  ])(
    'refuses a document with %s whole, keeps the last good one and says so once',
    async (_name, raw, code, said) => {
      const server = await serve();
      const { list, counts } = denyList(server, { maxEntries: 2 }, true);
      await list.pending;
      const loaded = list.generation;
      server.mode = 'raw';
      server.raw = raw;
      await advanceTo(server, REFRESH_MS, 2);
      await advanceTo(server, REFRESH_MS + 1000, 3);
      await until(() => counted(counts)[code] === 2);
      expect(list.denied('r1', Date.now())).toBe(true);
      expect(list.denied('secret-a', Date.now())).toBe(false);
      expect(list.generation).toBe(loaded);
      expect(notices()).toHaveLength(1);
      expect(notices()[0]).toMatch(said);
      expect(notices()[0]).not.toContain('secret-');
    },
  );
});
