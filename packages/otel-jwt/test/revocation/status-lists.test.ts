import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { statusListFetchCounts } from '../../src/revocation/status-list-outcomes.js';
import { statusListSettings } from '../../src/revocation/status-list-settings.js';
import { StatusLists, type StatusLookup } from '../../src/revocation/status-lists.js';
import { captureDiag, settle } from '../support/remote-fixtures.js';
import { countsOf, useStatusLists } from '../support/status-list-fixtures.js';
import { type ListBits, lstOf, type StatusListServer, zlibBomb } from '../support/status-list-server.js';

// One issuer's status lists against a real loopback list server: what lookups answer, and every way a
// list can fail to load. Refresh timing, stale-if-error and the generation are in status-lists-timing.

const use = useStatusLists();

/** Looks `idx` up after the list has loaded. */
async function loaded(name: string, config = {}) {
  const server = await use.server();
  server.setList(name, 2, [0, 1, 2, 3]);
  const { lists, counts } = use.lists(server, config);
  await lists.ready(server.uri(name));
  return { server, lists, counts, uri: server.uri(name) };
}

const status = (value: number): StatusLookup => ({ kind: 'status', value });

describe('lookup', () => {
  test('the first lookup starts the fetch in the background and answers unavailable with its promise', async () => {
    const server = await use.server();
    server.setList('1', 2, [0, 1, 2, 3]);
    const { lists, counts } = use.lists(server);
    const first = lists.lookup(server.uri('1'), 1, Date.now());
    expect(first.kind).toBe('unavailable');
    const pending = (first as { pending?: Promise<void> }).pending;
    expect(pending).toBeInstanceOf(Promise);
    // While the fetch runs, lookups join it.
    expect(lists.lookup(server.uri('1'), 2, Date.now())).toBe(first);
    await pending;
    expect([0, 1, 2, 3].map((i) => lists.lookup(server.uri('1'), i, Date.now()))).toEqual([
      status(0),
      status(1),
      status(2),
      status(3),
    ]);
    expect(server.count('1')).toBe(1);
    expect(server.lastAccept).toBe('application/statuslist+jwt');
    expect(countsOf(counts)).toEqual({ success: 1 });
    expect(lists.states(Date.now())).toMatchObject([{ uri: server.uri('1'), state: 'fresh' }]);
  });

  test('valid (0), revoked (1) and suspended (2) entries of a 1-bit and a 2-bit list read as served', async () => {
    const server = await use.server();
    server.setList('one', 1, [0, 1, 1, 0, 1]);
    server.setList('two', 2, [0, 1, 2, 0, 2]);
    const { lists } = use.lists(server);
    await Promise.all([lists.ready(server.uri('one')), lists.ready(server.uri('two'))]);
    const read = (name: string) => [0, 1, 2, 3, 4].map((i) => lists.lookup(server.uri(name), i, Date.now()));
    expect(read('one')).toEqual([status(0), status(1), status(1), status(0), status(1)]);
    expect(read('two')).toEqual([status(0), status(1), status(2), status(0), status(2)]);
  });

  test('every entry of random 1-, 2-, 4- and 8-bit lists reads back as served', async () => {
    const server = await use.server();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<ListBits>(1, 2, 4, 8),
        fc.array(fc.nat(255), { minLength: 1, maxLength: 300 }),
        async (bits, raw) => {
          const statuses = raw.map((s) => s & ((1 << bits) - 1));
          server.setList('random', bits, statuses);
          const { lists } = use.lists(server);
          await lists.ready(server.uri('random'));
          statuses.forEach((value, i) => {
            expect(lists.lookup(server.uri('random'), i, Date.now())).toEqual(status(value));
          });
          lists.close();
        },
      ),
      { numRuns: 25 },
    );
  });

  test('an index past the end of the list is out_of_range', async () => {
    const { lists, uri } = await loaded('1');
    // Four 2-bit entries fill one byte: indexes 0..3 exist.
    expect(lists.lookup(uri, 3, Date.now())).toEqual(status(3));
    expect(lists.lookup(uri, 4, Date.now())).toEqual({ kind: 'out_of_range' });
    expect(lists.lookup(uri, Number.MAX_SAFE_INTEGER, Date.now())).toEqual({ kind: 'out_of_range' });
  });

  test('answers are shared frozen objects: a lookup of a loaded list allocates nothing', async () => {
    const { lists, uri } = await loaded('1');
    const a = lists.lookup(uri, 1, Date.now());
    expect(lists.lookup(uri, 1, Date.now())).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(lists.lookup(uri, 9, Date.now())).toBe(lists.lookup(uri, 10, Date.now()));
  });

  test.each([
    ['another host', 'http://127.0.0.2:1/lists/1'],
    ['a path beside the allowed prefix', '/other/1'],
    ['a path leaving the prefix by dot segments', '/lists/../jwks'],
    ['https to the loopback list server', 'https://127.0.0.1/lists/1'],
    ['not a URL', 'list one'],
  ])('a uri outside allowedUris (%s) is not_allowed and never fetched', async (_, uri) => {
    const server = await use.server();
    server.setList('1', 1, [1]);
    const { lists } = use.lists(server);
    const named = uri.startsWith('/') ? `${server.url}${uri}` : uri;
    expect(lists.lookup(named, 0, Date.now())).toEqual({ kind: 'not_allowed' });
    expect(lists.lookup(named, 0, Date.now())).toEqual({ kind: 'not_allowed' });
    await settle(50);
    expect([...server.hits.values()].reduce((a, b) => a + b, 0)).toBe(0);
    expect(lists.states(Date.now())).toEqual([]);
  });
});

describe('a list that cannot be had is unavailable, its cause counted', () => {
  test('a server down at the first fetch: fetch_failed, state failed, one operator notice without the list', async () => {
    const diag = captureDiag();
    const server = await use.server();
    server.setList('1', 1, [1]);
    const uri = server.uri('1');
    const { lists, counts } = use.lists(server);
    await server.stop();
    await lists.ready(uri);
    expect(lists.lookup(uri, 0, Date.now())).toEqual({ kind: 'unavailable', pending: undefined });
    expect(countsOf(counts)).toEqual({ fetch_failed: 1 });
    expect(lists.states(Date.now())).toMatchObject([{ state: 'failed', lastErrorCode: 'fetch_failed' }]);
    const notices = diag.messages.filter((m) => m.includes('otel-jwt'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /^error .*status list .*\/lists\/1 of issuer https:\/\/idp\.test could not be loaded \(fetch_failed\); its tokens are unverified/,
    );
  });

  test.each([
    ['an HTTP 500', (s) => (s.mode = 'http-500'), 'http_error'],
    ['a redirect (not followed)', (s) => (s.mode = 'redirect'), 'http_error'],
    ['a body past maxResponseBytes', (s) => (s.mode = 'oversized'), 'response_too_large'],
    [
      'a body that is no token',
      (s) => {
        s.mode = 'raw';
        s.rawBody = '<html>busy</html>';
      },
      'invalid_token',
    ],
    ['a list whose signature does not verify', (s) => (s.tamperSignature = true), 'invalid_token'],
    ['a list of the wrong typ', (s) => (s.header = { typ: 'JWT' }), 'invalid_token'],
    ['a list whose sub names another list', (s) => (s.claims = { sub: s.uri('2') }), 'invalid_token'],
    ['an expired list', (s) => (s.claims = { exp: Math.floor(Date.now() / 1000) - 3600 }), 'invalid_token'],
    ['a list of another iss', (s) => (s.issuer = 'https://other.test'), 'invalid_token'],
    [
      'a list of 3 bits',
      (s) => s.lists.set('1', { statusList: { bits: 3, lst: lstOf(Buffer.from([1])) } }),
      'invalid_list',
    ],
    [
      'an lst that is not base64url',
      (s) => s.lists.set('1', { statusList: { bits: 1, lst: '!!' } }),
      'invalid_list',
    ],
    [
      'an lst that is not ZLIB',
      (s) => s.lists.set('1', { statusList: { bits: 1, lst: 'AAAA' } }),
      'invalid_list',
    ],
    [
      'an over-compressed list (64 KiB inflating past maxListBytes)',
      (s) => s.lists.set('1', { statusList: { bits: 1, lst: zlibBomb(64 * 2 ** 20).toString('base64url') } }),
      'list_too_large',
    ],
  ] satisfies [string, (s: StatusListServer) => unknown, string][])('%s: %s', async (_, prepare, code) => {
    const diag = captureDiag();
    const server = await use.server();
    server.setList('1', 2, [0, 1, 2]);
    prepare(server);
    const { lists, counts } = use.lists(server, { maxListBytes: 1024 * 1024, maxResponseBytes: 1024 * 1024 });
    await lists.ready(server.uri('1'));
    expect(lists.lookup(server.uri('1'), 1, Date.now())).toEqual({ kind: 'unavailable', pending: undefined });
    expect(countsOf(counts)).toEqual({ [code]: 1 });
    expect(server.count('elsewhere')).toBe(0);
    expect(diag.messages.join('\n')).toContain(`(${code})`);
  });

  test('a list server that does not answer within fetchTimeoutMilliseconds: fetch_timeout', async () => {
    const server = await use.server();
    server.setList('1', 1, [1]);
    server.mode = 'slow';
    server.delayMs = 5000;
    const { lists, counts } = use.lists(server, { fetchTimeoutMilliseconds: 100 });
    captureDiag();
    const started = performance.now();
    await lists.ready(server.uri('1'));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(countsOf(counts)).toEqual({ fetch_timeout: 1 });
  });

  test('with whenUnavailable accept the notice says tokens pass unchecked', async () => {
    const diag = captureDiag();
    const server = await use.server();
    server.setList('1', 1, [1]);
    server.mode = 'http-500';
    const { lists } = use.lists(server, { whenUnavailable: 'accept' });
    await lists.ready(server.uri('1'));
    expect(diag.messages.join('\n')).toMatch(
      /could not be loaded \(http_error\); its tokens are accepted unchecked/,
    );
  });
});

describe('bounds', () => {
  test('past maxLists the least recently looked-up list is dropped (moving the generation) and fetched again when named', async () => {
    const server = await use.server();
    for (const name of ['a', 'b', 'c']) server.setList(name, 1, [1]);
    const { lists } = use.lists(server, { maxLists: 2 });
    await lists.ready(server.uri('a'));
    await lists.ready(server.uri('b'));
    lists.lookup(server.uri('a'), 0, Date.now() + 10);
    const before = lists.generation;
    await lists.ready(server.uri('c'));
    expect(lists.states(Date.now()).map((s) => s.uri)).toEqual([server.uri('a'), server.uri('c')]);
    // Dropping b moved the generation once; loading c moved it once more.
    expect(lists.generation).toBe(before + 2);
    expect(lists.lookup(server.uri('b'), 0, Date.now()).kind).toBe('unavailable');
    await lists.ready(server.uri('b'));
    expect(server.count('b')).toBe(2);
  });

  test('close aborts a fetch under way at once (the list server sees the connection close); after it nothing is fetched', async () => {
    let arrived: () => void = () => {};
    let hungUp: () => void = () => {};
    const request = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const connectionClosed = new Promise<void>((resolve) => {
      hungUp = resolve;
    });
    let requests = 0;
    // Never answers: only an abort ends the exchange before the 5-minute fetch timeout.
    const silent = createServer((req) => {
      requests++;
      req.socket.on('close', hungUp);
      arrived();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const prefix = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/lists/`;
      const settings = statusListSettings(
        { mode: 'when-present', allowedUris: [prefix], fetchTimeoutMilliseconds: 300_000 },
        'statusList',
      );
      const counts = statusListFetchCounts();
      const lists = new StatusLists(
        'https://idp.test',
        settings,
        () => ({ ok: false, fault: 'malformed' }),
        counts,
      );
      const pending = lists.ready(`${prefix}1`);
      await request;
      const closedAt = performance.now();
      lists.close();
      await Promise.all([pending, connectionClosed]);
      expect(performance.now() - closedAt).toBeLessThan(1000);
      expect(lists.generation).toBe(0);
      expect(countsOf(counts)).toEqual({});
      expect(lists.lookup(`${prefix}1`, 0, Date.now())).toEqual({ kind: 'unavailable', pending: undefined });
      expect(lists.lookup(`${prefix}2`, 0, Date.now())).toEqual({ kind: 'unavailable', pending: undefined });
      await settle(50);
      expect(requests).toBe(1);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
