import { describe, expect, test, vi } from 'vitest';
import type { IssuerOutcomeCounts } from '../../src/internal/outcome-counts.js';
import { captureDiag, settle, until } from '../support/remote-fixtures.js';
import { countsOf, useStatusLists } from '../support/status-list-fixtures.js';

// A refresh must not bring back a list from before a revocation: a validly signed list older (by `iat`)
// than the one held is refused. The refresh timers are faked together with the clock; HTTP stays real.

const T0 = Date.UTC(2030, 0, 1);
const NOW = T0 / 1000;
const use = useStatusLists();

/** A list (entry 1 revoked) loaded at T0 with `iat`, refreshed every 10 s. */
async function start(iat = NOW, staleIfErrorSeconds = 600) {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(T0);
  const diag = captureDiag();
  const server = await use.server();
  server.setList('1', 2, [0, 1, 2, 3]);
  server.ttlSeconds = 10;
  server.claims = { iat };
  const { lists, counts } = use.lists(server, {
    minTtlSeconds: 10,
    fetchTimeoutMilliseconds: 1000,
    staleIfErrorSeconds,
  });
  const uri = server.uri('1');
  await lists.ready(uri);
  expect(lists.lookup(uri, 1, Date.now())).toEqual({ kind: 'status', value: 1 });
  return { server, lists, counts, uri, diag };
}

/** Moves the fake clock to `atMs` after T0 and waits for the outcome of the list request made then. */
async function refreshAt(counts: IssuerOutcomeCounts, atMs: number, fetches: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(T0 + atMs - Date.now());
  const outcomes = () => Object.values(countsOf(counts)).reduce((sum, count) => sum + count, 0);
  await until(() => outcomes() >= fetches);
  await settle(30);
  expect(outcomes()).toBe(fetches);
}

describe('status list rollback', () => {
  test('refuses a validly signed list older than the one held (invalid_token); the held list keeps serving', async () => {
    const { server, lists, counts, uri, diag } = await start();
    const generation = lists.generation;
    // The list from before entry 1 was revoked, as a stale cache would serve it.
    server.setList('1', 2, [0, 0, 2, 3]);
    server.claims = { iat: NOW - 60 };
    await refreshAt(counts, 10_000, 2);
    expect(lists.lookup(uri, 1, Date.now())).toEqual({ kind: 'status', value: 1 });
    expect(lists.generation).toBe(generation);
    expect(countsOf(counts)).toEqual({ success: 1, invalid_token: 1 });
    expect(lists.states(Date.now())).toMatchObject([{ state: 'stale', lastErrorCode: 'invalid_token' }]);
    expect(diag.messages.join('\n')).toMatch(/refresh of status list .* failed \(invalid_token\)/);
  });

  test('takes a list with the same iat as the one held, and a newer one', async () => {
    const { server, lists, counts, uri } = await start();
    server.setList('1', 2, [0, 1, 1, 3]);
    await refreshAt(counts, 10_000, 2);
    expect(lists.lookup(uri, 2, Date.now())).toEqual({ kind: 'status', value: 1 });
    server.setList('1', 2, [0, 0, 1, 3]);
    server.claims = { iat: NOW + 20 };
    await refreshAt(counts, 20_000, 3);
    expect(lists.lookup(uri, 1, Date.now())).toEqual({ kind: 'status', value: 0 });
    expect(countsOf(counts)).toEqual({ success: 3 });
  });

  test('still refuses the older list after the held one stopped serving', async () => {
    const { server, lists, counts, uri } = await start(NOW, 0);
    server.mode = 'http-500';
    // Due at 10 s, plus the 1 s fetch timeout and no stale-if-error: the list stops serving at 11 s.
    await refreshAt(counts, 10_000, 2);
    await refreshAt(counts, 11_000, 3);
    expect(lists.lookup(uri, 1, Date.now()).kind).toBe('unavailable');
    server.mode = 'normal';
    server.setList('1', 2, [0, 0, 2, 3]);
    server.claims = { iat: NOW - 60 };
    await refreshAt(counts, 13_000, 4);
    expect(lists.lookup(uri, 1, Date.now()).kind).toBe('unavailable');
    expect(countsOf(counts)).toEqual({ success: 1, http_error: 2, invalid_token: 1 });
  });

  test('a list minted with a clock far ahead does not make the next lists look old', async () => {
    const { server, lists, counts, uri } = await start(NOW + 86_400);
    server.setList('1', 2, [0, 0, 2, 3]);
    server.claims = { iat: NOW + 5 };
    await refreshAt(counts, 10_000, 2);
    expect(lists.lookup(uri, 1, Date.now())).toEqual({ kind: 'status', value: 0 });
  });
});
