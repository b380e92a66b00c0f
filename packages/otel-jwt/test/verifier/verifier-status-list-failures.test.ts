import { describe, expect, test, vi } from 'vitest';
import { captureDiag, outcome, settle } from '../support/remote-fixtures.js';
import { makeListKey, type StatusListServer, zlibBomb } from '../support/status-list-server.js';
import { type ListIssuer, useStatusVerifiers } from '../support/verifier-status-fixtures.js';

// Status lists that cannot be had or must not be trusted, and lists that change, through the public
// verifier against a real loopback issuer. Refresh timers run on a fake clock; the HTTP exchanges are real.

const T0 = Date.UTC(2030, 0, 1);
const use = useStatusVerifiers();

/** Fakes the clock and the timers from T0 (the list and key refreshes are planned with setTimeout). */
function fakeClock(): void {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(T0);
}

/** Moves the fake clock to `atMs` after T0, running the timers due by then. */
const advanceTo = (atMs: number) => vi.advanceTimersByTimeAsync(T0 + atMs - Date.now());

/** Tokens naming entries 0 and 1 of list `name`. */
async function tokensOf(issuer: ListIssuer, name: string): Promise<[string, string]> {
  return [
    await issuer.token({ status: issuer.server.statusClaim(name, 0) }),
    await issuer.token({ status: issuer.server.statusClaim(name, 1) }),
  ];
}

describe('a list that cannot be had at its first fetch', () => {
  test.each([
    ['the list server is down', 'refuse', 'unverified:status_unavailable', 'fetch_failed'],
    ['the list server is down', 'accept', 'valid', 'fetch_failed'],
    ['the list answers HTTP 500', 'refuse', 'unverified:status_unavailable', 'http_error'],
    ['the list answers HTTP 500', 'accept', 'valid', 'http_error'],
  ] as const)('%s, whenUnavailable %s: %s', async (cause, whenUnavailable, expected, code) => {
    captureDiag();
    const issuer = await use.issuer((s) => s.setList('1', 1, [1]));
    const under = await use.verifier(issuer, { whenUnavailable });
    // The key set is loaded: only the list is missing.
    if (cause === 'the list server is down') await issuer.server.stop();
    else issuer.server.mode = 'http-500';
    const token = await issuer.token({ status: issuer.server.statusClaim('1', 0) });
    expect(outcome(under.verifier.verify(token))).toBe(expected);
    await under.fetched(1);
    expect(outcome(under.verifier.verify(token))).toBe(expected);
    expect(under.fetches()).toEqual({ [code]: 1 });
  });
});

describe('a list that must not be trusted is never used: its tokens stay unavailable', () => {
  const rogue = makeListKey('rogue-key');
  test.each([
    ['refuses a list whose signature does not verify', (s) => (s.tamperSignature = true)],
    ['refuses a list whose typ is not statuslist+jwt', (s) => (s.header = { typ: 'JWT' })],
    ['refuses a list without typ', (s) => (s.header = { typ: undefined })],
    ['refuses a list whose sub names another list', (s) => (s.claims = { sub: s.uri('other') })],
    ['refuses a list of another iss', (s) => (s.issuer = 'https://other.test')],
    ['refuses a list past its exp', (s) => (s.claims = { exp: Math.floor(Date.now() / 1000) - 3600 })],
  ] satisfies [string, (s: StatusListServer) => unknown][])('%s', async (_, spoil) => {
    captureDiag();
    const issuer = await use.issuer((s) => s.setList('1', 1, [0, 0]));
    const under = await use.verifier(issuer);
    spoil(issuer.server);
    // The list says VALID: accepting the token would mean trusting it.
    const [token] = await tokensOf(issuer, '1');
    expect(outcome(under.verifier.verify(token))).toBe('unverified:status_unavailable');
    await under.fetched(1);
    expect(outcome(under.verifier.verify(token))).toBe('unverified:status_unavailable');
    expect(under.fetches()).toEqual({ invalid_token: 1 });
  });

  test('refuses a list signed by a key the issuer does not publish, after asking for the key set again', async () => {
    captureDiag();
    const issuer = await use.issuer((s) => s.setList('1', 1, [0, 0]));
    const under = await use.verifier(issuer, {}, { keyRefresh: { cooldownSeconds: 1 } });
    issuer.server.signer = await rogue;
    // Past the key source's one-second floor, the unknown kid may ask for the key set.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2000);
    const [token] = await tokensOf(issuer, '1');
    expect(outcome(under.verifier.verify(token))).toBe('unverified:status_unavailable');
    await under.fetched(1);
    expect(outcome(under.verifier.verify(token))).toBe('unverified:status_unavailable');
    expect(under.fetches()).toEqual({ invalid_token: 1 });
    expect(issuer.server.hits.get('/jwks')).toBe(2);
  });

  test('refuses a response past maxResponseBytes without reading it all', async () => {
    captureDiag();
    const issuer = await use.issuer((s) => s.setList('1', 1, [0]));
    const under = await use.verifier(issuer, { maxResponseBytes: 4096 });
    issuer.server.mode = 'oversized';
    issuer.server.oversizeBytes = 64 * 2 ** 20;
    const [token] = await tokensOf(issuer, '1');
    const started = performance.now();
    under.verifier.verify(token);
    await under.fetched(1);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(outcome(under.verifier.verify(token))).toBe('unverified:status_unavailable');
    expect(under.fetches()).toEqual({ response_too_large: 1 });
  });

  test('refuses an over-compressed list (256 MiB of zeros in 260 KB) within maxListBytes of memory', async () => {
    captureDiag();
    const lst = zlibBomb(256 * 2 ** 20).toString('base64url');
    const issuer = await use.issuer((s) => s.lists.set('1', { statusList: { bits: 1, lst } }));
    const under = await use.verifier(issuer, { maxListBytes: 2 ** 20 });
    const [token] = await tokensOf(issuer, '1');
    const base = process.memoryUsage().arrayBuffers;
    let peak = base;
    under.verifier.verify(token);
    // Sampled at every turn of the event loop while the list inflates on the thread pool.
    const sample = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 1);
    await under.fetched(1);
    clearInterval(sample);
    expect(peak - base).toBeLessThan(64 * 2 ** 20);
    expect(outcome(under.verifier.verify(token))).toBe('unverified:status_unavailable');
    expect(under.fetches()).toEqual({ list_too_large: 1 });
  });
});

describe('a list that changes', () => {
  test('a flip of the bit is seen after the ttl and not before', async () => {
    fakeClock();
    const issuer = await use.issuer((s) => {
      s.setList('1', 1, [0, 0]);
      s.ttlSeconds = 30;
    });
    const under = await use.verifier(issuer);
    const [token] = await tokensOf(issuer, '1');
    under.verifier.verify(token);
    await under.fetched(1);
    expect(outcome(under.verifier.verify(token))).toBe('valid');
    issuer.server.setList('1', 1, [1, 0]);
    await advanceTo(29_999);
    await settle(30);
    expect(outcome(under.verifier.verify(token))).toBe('valid');
    expect(issuer.server.count('1')).toBe(1);
    await advanceTo(30_000);
    await under.fetched(2);
    expect(outcome(under.verifier.verify(token))).toBe('invalid:revoked');
  });

  test('past the stale-if-error window a list whose refreshes fail is unavailable, cached verdicts included', async () => {
    captureDiag();
    fakeClock();
    const issuer = await use.issuer((s) => {
      s.setList('1', 1, [0, 1]);
      s.ttlSeconds = 10;
    });
    // Due at 10 s; the due refresh gets the fetch timeout (1 s), then 60 s of stale-if-error: usable until 71 s.
    const under = await use.verifier(issuer, { staleIfErrorSeconds: 60, fetchTimeoutMilliseconds: 1000 });
    const [valid, revoked] = await tokensOf(issuer, '1');
    under.verifier.verify(valid);
    await under.fetched(1);
    expect(outcome(under.verifier.verify(valid))).toBe('valid');
    issuer.server.mode = 'http-500';
    await advanceTo(10_000);
    await under.fetched(2);
    // Retries at 11, 13, 17, 25 and 41 s, each let finish before the clock moves on: the request timeout
    // runs on the faked timers too.
    for (const [atMs, count] of [
      [11_000, 3],
      [13_000, 4],
      [17_000, 5],
      [25_000, 6],
      [41_000, 7],
    ] as const) {
      await advanceTo(atMs);
      await under.fetched(count);
    }
    await advanceTo(70_999);
    expect([valid, revoked].map((t) => outcome(under.verifier.verify(t)))).toEqual([
      'valid',
      'invalid:revoked',
    ]);
    await advanceTo(71_000);
    expect([valid, revoked].map((t) => outcome(under.verifier.verify(t)))).toEqual([
      'unverified:status_unavailable',
      'unverified:status_unavailable',
    ]);
    expect(under.fetches().http_error).toBeGreaterThanOrEqual(2);
  });

  test('a list signed with a new kid is trusted once the issuer publishes it: the key set is fetched again', async () => {
    fakeClock();
    const issuer = await use.issuer((s) => {
      s.setList('1', 1, [0, 0]);
      s.ttlSeconds = 30;
    });
    const under = await use.verifier(issuer, {}, { keyRefresh: { cooldownSeconds: 1 } });
    const [token] = await tokensOf(issuer, '1');
    under.verifier.verify(token);
    await under.fetched(1);
    expect(outcome(under.verifier.verify(token))).toBe('valid');
    const { server, tokenKey } = issuer;
    const rotated = await makeListKey('list-key-2');
    server.jwks = [server.signer.jwk, rotated.jwk, tokenKey.jwk];
    server.signer = rotated;
    server.setList('1', 1, [1, 0]);
    await advanceTo(30_000);
    await under.fetched(2);
    expect(under.fetches()).toEqual({ success: 2 });
    expect(server.hits.get('/jwks')).toBe(2);
    expect(outcome(under.verifier.verify(token))).toBe('invalid:revoked');
  });

  test('a list re-signed with a kid the issuer never publishes is not trusted: the last good list serves, then none', async () => {
    captureDiag();
    fakeClock();
    const issuer = await use.issuer((s) => {
      s.setList('1', 1, [0, 1]);
      s.ttlSeconds = 10;
    });
    const under = await use.verifier(
      issuer,
      { staleIfErrorSeconds: 60, fetchTimeoutMilliseconds: 1000 },
      { keyRefresh: { cooldownSeconds: 1 } },
    );
    const [, revoked] = await tokensOf(issuer, '1');
    under.verifier.verify(revoked);
    await under.fetched(1);
    // A forger's list clearing every entry.
    issuer.server.signer = await makeListKey('list-key-2');
    issuer.server.setList('1', 1, [0, 0]);
    await advanceTo(10_000);
    await under.fetched(2);
    expect(under.fetches()).toEqual({ success: 1, invalid_token: 1 });
    expect(outcome(under.verifier.verify(revoked))).toBe('invalid:revoked');
    await advanceTo(71_000);
    expect(outcome(under.verifier.verify(revoked))).toBe('unverified:status_unavailable');
  });
});
