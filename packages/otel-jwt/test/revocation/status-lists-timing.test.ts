import { describe, expect, test, vi } from 'vitest';
import type { StatusListConfig } from '../../src/revocation/status-list-config.js';
import { captureDiag, settle, until } from '../support/remote-fixtures.js';
import { countsOf, useStatusLists } from '../support/status-list-fixtures.js';
import type { StatusListServer } from '../support/status-list-server.js';

// When lists are refreshed, how long a failing list keeps serving, and when the generation moves. The
// refresh timers are faked together with the clock; the HTTP exchanges stay real.

const T0 = Date.UTC(2030, 0, 1);
const use = useStatusLists();

async function start(
  config: Partial<StatusListConfig>,
  prepare: (server: StatusListServer) => void = () => {},
) {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(T0);
  const diag = captureDiag();
  const server = await use.server();
  server.setList('1', 2, [0, 1, 2, 3]);
  prepare(server);
  const { lists, counts } = use.lists(server, { fetchTimeoutMilliseconds: 1000, ...config });
  const uri = server.uri('1');
  await lists.ready(uri);
  return { server, lists, counts, uri, diag };
}

/** Moves the fake clock to `atMs` after T0 and waits for the list requests that must have been made by then. */
async function expectFetchesAt(server: StatusListServer, atMs: number, expected: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(T0 + atMs - Date.now());
  await until(() => server.count('1') >= expected);
  await settle(30);
  expect(server.count('1')).toBe(expected);
}

const bounds = { minTtlSeconds: 10, maxTtlSeconds: 600, defaultTtlSeconds: 300 };

describe('a list is refreshed after its ttl, within [minTtlSeconds, maxTtlSeconds], never past its exp', () => {
  test.each([
    { name: 'a ttl inside the bounds is followed', ttl: 20, exp: undefined, seconds: 20 },
    { name: 'a ttl below minTtlSeconds is raised to it', ttl: 2, exp: undefined, seconds: 10 },
    { name: 'a ttl above maxTtlSeconds is lowered to it', ttl: 100_000, exp: undefined, seconds: 600 },
    { name: 'no ttl: defaultTtlSeconds', ttl: undefined, exp: undefined, seconds: 300 },
    { name: 'an exp before the ttl: refreshed at the exp', ttl: 120, exp: 45, seconds: 45 },
  ])('$name', async ({ ttl, exp, seconds }) => {
    const { server, lists, uri } = await start(bounds, (s) => {
      s.ttlSeconds = ttl;
      s.expiresInSeconds = exp;
    });
    await expectFetchesAt(server, seconds * 1000 - 1, 1);
    await expectFetchesAt(server, seconds * 1000, 2);
    await until(() => lists.states(Date.now())[0]?.lastRefreshAtMilliseconds === T0 + seconds * 1000);
    expect(lists.lookup(uri, 2, Date.now())).toEqual({ kind: 'status', value: 2 });
  });

  test('the ttl of the latest list decides the interval after it', async () => {
    const { server } = await start(bounds, (s) => {
      s.ttlSeconds = 20;
    });
    server.ttlSeconds = 50;
    await expectFetchesAt(server, 20_000, 2);
    await expectFetchesAt(server, 69_999, 2);
    await expectFetchesAt(server, 70_000, 3);
  });
});

describe('generation', () => {
  test('moves when a list first loads and when an entry changes, not on a refresh bringing the same entries', async () => {
    const { server, lists, uri } = await start({ ...bounds, minTtlSeconds: 1 }, (s) => {
      s.ttlSeconds = 10;
    });
    expect(lists.generation).toBe(1);
    await expectFetchesAt(server, 10_000, 2);
    expect(lists.generation).toBe(1);
    server.setList('1', 2, [0, 1, 1, 3]);
    await expectFetchesAt(server, 20_000, 3);
    await until(() => lists.generation === 2);
    expect(lists.lookup(uri, 2, Date.now())).toEqual({ kind: 'status', value: 1 });
    // Same entries in a new token (new iat, other ttl): no change.
    server.ttlSeconds = 15;
    await expectFetchesAt(server, 30_000, 4);
    expect(lists.generation).toBe(2);
  });

  test('a failed refresh while the list still serves leaves the generation alone', async () => {
    const { server, lists } = await start({ ...bounds, staleIfErrorSeconds: 300 }, (s) => {
      s.ttlSeconds = 10;
    });
    server.mode = 'http-500';
    await expectFetchesAt(server, 10_000, 2);
    expect(lists.generation).toBe(1);
    expect(lists.states(Date.now())).toMatchObject([{ state: 'stale', lastErrorCode: 'http_error' }]);
  });
});

describe('stale-if-error', () => {
  test('a list whose server fails after a good fetch serves within the window, then is unavailable and the generation moves', async () => {
    // Due at 10 s; the due refresh gets the fetch timeout (1 s); then 60 s of stale-if-error: usable until 71 s.
    const { server, lists, uri, diag, counts } = await start({ ...bounds, staleIfErrorSeconds: 60 }, (s) => {
      s.ttlSeconds = 10;
    });
    server.mode = 'http-500';
    await expectFetchesAt(server, 10_000, 2);
    // Retries at 11, 13, 17, 25 and 41 s, each let finish before the clock moves on: the request timeout
    // runs on the faked timers too.
    for (const [atMs, fetches] of [
      [11_000, 3],
      [13_000, 4],
      [17_000, 5],
      [25_000, 6],
      [41_000, 7],
    ] as const) {
      await expectFetchesAt(server, atMs, fetches);
    }
    await vi.advanceTimersByTimeAsync(T0 + 70_999 - Date.now());
    expect(lists.lookup(uri, 1, Date.now())).toEqual({ kind: 'status', value: 1 });
    expect(lists.generation).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(lists.generation).toBe(2);
    expect(lists.lookup(uri, 1, Date.now()).kind).toBe('unavailable');
    expect(lists.states(Date.now())).toMatchObject([{ state: 'failed', lastErrorCode: 'http_error' }]);
    expect(countsOf(counts).http_error).toBeGreaterThanOrEqual(2);
    const notices = diag.messages.filter((m) => m.includes('otel-jwt'));
    expect(notices).toEqual([
      expect.stringMatching(
        /^warn .*refresh of status list .* failed \(http_error\); the last good list keeps serving for up to 2 min/,
      ),
      expect.stringMatching(
        /^error .*status list .* is no longer usable: refreshes fail \(http_error\) and the last good list expired/,
      ),
    ]);
  });

  test('a list past its exp stops serving at exp plus the clock tolerance, whatever the stale window', async () => {
    const { server, lists, uri } = await start({ ...bounds, staleIfErrorSeconds: 3600 }, (s) => {
      s.ttlSeconds = 600;
      s.expiresInSeconds = 40;
    });
    server.mode = 'reset';
    await vi.advanceTimersByTimeAsync(69_999);
    expect(lists.lookup(uri, 3, Date.now())).toEqual({ kind: 'status', value: 3 });
    await vi.advanceTimersByTimeAsync(1);
    expect(lists.lookup(uri, 3, Date.now()).kind).toBe('unavailable');
    expect(lists.generation).toBe(2);
  });

  test('failed fetches retry after 1, 2, then 4 seconds; a recovery loads the list, moves the generation and is said once', async () => {
    const { server, lists, uri, diag } = await start(bounds, (s) => {
      s.mode = 'http-500';
    });
    expect(lists.generation).toBe(0);
    await expectFetchesAt(server, 999, 1);
    await expectFetchesAt(server, 1000, 2);
    await expectFetchesAt(server, 2999, 2);
    await expectFetchesAt(server, 3000, 3);
    server.mode = 'normal';
    await expectFetchesAt(server, 6999, 3);
    await expectFetchesAt(server, 7000, 4);
    await until(() => lists.generation === 1);
    expect(lists.lookup(uri, 1, Date.now())).toEqual({ kind: 'status', value: 1 });
    const notices = diag.messages.filter((m) => m.includes('otel-jwt'));
    expect(notices).toHaveLength(2);
    expect(notices[1]).toMatch(/^warn .*status list .* loaded after 3 failed fetches/);
  });
});
