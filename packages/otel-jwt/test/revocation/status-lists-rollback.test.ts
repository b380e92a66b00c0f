import { afterEach, describe, expect, test, vi } from 'vitest';
import type { IssuerOutcomeCounts } from '../../src/internal/outcome-counts.js';
import { KeyRing } from '../../src/keys/key-ring.js';
import { importStaticKeys } from '../../src/keys/static-keys.js';
import { statusListFetchCounts } from '../../src/revocation/status-list-outcomes.js';
import { statusListSettings } from '../../src/revocation/status-list-settings.js';
import { StatusLists } from '../../src/revocation/status-lists.js';
import { makeListTokenCheck } from '../../src/verifier/status-list-token.js';
import { TokenParts } from '../../src/verifier/token-parts.js';
import { captureDiag, settle, until } from '../support/remote-fixtures.js';
import { countsOf, LIST_ISSUER, useStatusLists } from '../support/status-list-fixtures.js';

// A refresh must not bring back a list from before a revocation: a validly signed list older (by `iat`)
// than the newest taken is refused, even after the list was dropped for room, and so is a list from
// further ahead than the clock tolerance. The refresh timers are faked together with the clock; HTTP stays real.

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

describe('status list rollback past a drop (maxLists)', () => {
  /** Lists `a` and `b` of one server, one kept at a time; `a` taken at T0 with `iat` NOW, entry 0 revoked. */
  async function startDropping() {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const server = await use.server();
    server.setList('a', 1, [1, 0]);
    server.setList('b', 1, [0, 0]);
    server.claims = { iat: NOW };
    const { lists, counts } = use.lists(server, { maxLists: 1 });
    const [a, b] = [server.uri('a'), server.uri('b')];
    await lists.ready(a);
    expect(lists.lookup(a, 0, Date.now())).toEqual({ kind: 'status', value: 1 });
    await lists.ready(b);
    expect(lists.states(Date.now()).map((state) => state.uri)).toEqual([b]);
    return { server, lists, counts, a };
  }

  test('refuses an older list for a list named again after maxLists dropped it (invalid_token)', async () => {
    const { server, lists, counts, a } = await startDropping();
    // The list from before entry 0 was revoked, as a stale cache would serve it.
    server.setList('a', 1, [0, 0]);
    server.claims = { iat: NOW - 60 };
    await lists.ready(a);
    expect(lists.lookup(a, 0, Date.now()).kind).toBe('unavailable');
    expect(countsOf(counts)).toEqual({ success: 2, invalid_token: 1 });
  });

  test('takes a list with the same iat, or a newer one, for a list named again after its drop', async () => {
    const { server, lists, counts, a } = await startDropping();
    await lists.ready(a);
    expect(lists.lookup(a, 0, Date.now())).toEqual({ kind: 'status', value: 1 });
    await lists.ready(server.uri('b'));
    server.setList('a', 1, [0, 0]);
    server.claims = { iat: NOW + 5 };
    vi.setSystemTime(T0 + 10_000);
    await lists.ready(a);
    expect(lists.lookup(a, 0, Date.now())).toEqual({ kind: 'status', value: 0 });
    expect(countsOf(counts)).toEqual({ success: 5 });
  });
});

describe('status list iat ahead of the clock', () => {
  const made: StatusLists[] = [];
  afterEach(() => {
    for (const lists of made.splice(0)) lists.close();
  });

  /** StatusLists wired as the verifier wires them, with the issuer's clock tolerance of 30 s. */
  async function withTolerance(iat: number) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const server = await use.server();
    server.setList('1', 1, [1]);
    server.claims = { iat };
    const ring = new KeyRing();
    ring.replace(importStaticKeys([{ type: 'jwk', jwk: server.signer.jwk }], 'test.keys', ['ES256']));
    const check = makeListTokenCheck(
      { issuer: LIST_ISSUER, ring, algorithms: new Set(['ES256']), clockToleranceSeconds: 30 },
      new TokenParts(16),
    );
    const settings = statusListSettings(
      { mode: 'when-present', allowedUris: [server.listsPrefix] },
      'statusList',
    );
    const counts = statusListFetchCounts();
    const lists = new StatusLists(LIST_ISSUER, settings, check, counts, 30);
    made.push(lists);
    await lists.ready(server.uri('1'));
    return { lookup: lists.lookup(server.uri('1'), 0, Date.now()), outcomes: countsOf(counts) };
  }

  test('refuses a list whose iat is further ahead than the clock tolerance (invalid_token)', async () => {
    const { lookup, outcomes } = await withTolerance(NOW + 31);
    expect(lookup.kind).toBe('unavailable');
    expect(outcomes).toEqual({ invalid_token: 1 });
  });

  test('takes a list whose iat is ahead within the clock tolerance', async () => {
    const { lookup, outcomes } = await withTolerance(NOW + 30);
    expect(lookup).toEqual({ kind: 'status', value: 1 });
    expect(outcomes).toEqual({ success: 1 });
  });
});
