import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { DenyList } from '../../src/revocation/deny-list.js';
import { denyListSettings } from '../../src/revocation/deny-list-settings.js';
import { DENY_LIST_FETCH_OUTCOMES } from '../../src/revocation/deny-list-source.js';
import { advanceTo, counted, NOW, REFRESH_MS, T0, useDenyLists } from '../support/deny-list-fixtures.js';
import { settle, until } from '../support/remote-fixtures.js';

// The deny-list document fetched in the background from a real loopback server: loads, refreshes,
// generations, close. Outages and refused documents: deny-list-source-errors.test.ts.

const { serve, denyList } = useDenyLists();

describe('DenyList with a deny-list document', () => {
  test('loads the document at once, asking for JSON, and denies its live entries', async () => {
    const server = await serve([
      { jti: 'r1', exp: NOW + 3600 },
      { jti: 'old', exp: NOW - 1 },
    ]);
    const { list, counts } = denyList(server);
    expect(list.status(T0)).toBe('unavailable');
    expect(list.pending).toBeInstanceOf(Promise);
    await list.pending;
    expect(list.status(T0)).toBe('ok');
    expect(list.pending).toBeUndefined();
    expect(list.denied('r1', T0)).toBe(true);
    expect(list.denied('r1', T0 + 3_600_000)).toBe(false);
    expect(list.denied('old', T0)).toBe(false);
    expect(server.accepts).toEqual(['application/json']);
    expect(counted(counts)).toEqual({ success: 1 });
  });

  test('with a grace, a document entry denies until its exp plus the grace, one just past its exp included', async () => {
    const server = await serve([
      { jti: 'just-expired', exp: NOW - 5 },
      { jti: 'r1', exp: NOW + 60 },
    ]);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const list = new DenyList(denyListSettings({ url: server.documentUrl }), undefined, 30_000);
    try {
      await list.pending;
      expect(list.denied('just-expired', T0 + 24_999)).toBe(true);
      expect(list.denied('just-expired', T0 + 25_000)).toBe(false);
      expect(list.denied('r1', T0 + 89_999)).toBe(true);
      expect(list.denied('r1', T0 + 90_000)).toBe(false);
    } finally {
      list.close();
    }
  });

  test('document entries and in-process revocations deny side by side', async () => {
    const server = await serve();
    const { list } = denyList(server);
    list.revoke('local', NOW + 60, T0);
    await list.pending;
    expect([list.denied('r1', T0), list.denied('local', T0), list.denied('other', T0)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  test('picks up a new revocation within one refresh interval, not before', async () => {
    const server = await serve();
    const { list } = denyList(server, {}, true);
    await list.pending;
    server.revoked.push({ jti: 'r2', exp: NOW + 3600 });
    await advanceTo(server, REFRESH_MS - 1, 1);
    expect(list.denied('r2', Date.now())).toBe(false);
    await advanceTo(server, REFRESH_MS, 2);
    await until(() => list.denied('r2', Date.now()));
  });

  test('an identical refresh leaves the generation; a changed document bumps it', async () => {
    const server = await serve();
    const { list } = denyList(server, {}, true);
    await list.pending;
    const loaded = list.generation;
    expect(loaded).toBeGreaterThan(0);
    await advanceTo(server, REFRESH_MS, 2);
    await settle(30);
    expect(list.generation).toBe(loaded);
    server.revoked = [
      { jti: 'r1', exp: NOW + 3600 },
      { jti: 'r2', exp: NOW + 3600 },
    ];
    await advanceTo(server, 2 * REFRESH_MS, 3);
    await until(() => list.generation > loaded);
  });

  test('an entry left out of the next document stops denying', async () => {
    const server = await serve();
    const { list } = denyList(server, {}, true);
    await list.pending;
    server.revoked = [];
    await advanceTo(server, REFRESH_MS, 2);
    await until(() => !list.denied('r1', Date.now()));
  });

  test('counts each outcome under its name', () => {
    expect(DENY_LIST_FETCH_OUTCOMES).toEqual([
      'success',
      'fetch_timeout',
      'fetch_failed',
      'http_error',
      'response_too_large',
      'invalid_document',
      'too_many_entries',
    ]);
  });

  test('close stops the refreshes and discards the fetch under way', async () => {
    const server = await serve();
    server.mode = 'hang';
    const { list, counts } = denyList(server, {}, true);
    const pending = list.pending;
    await until(() => server.fetches === 1);
    list.close();
    await pending;
    await vi.advanceTimersByTimeAsync(10 * REFRESH_MS);
    await settle(30);
    expect(server.fetches).toBe(1);
    expect(counted(counts)).toEqual({});
    expect(list.status(Date.now())).toBe('unavailable');
  });

  test('property: denied(j, t) holds iff a live document entry or a live in-process revocation names j', async () => {
    const server = await serve();
    const jtis = ['a', 'b', 'c'];
    const entry = fc.record({
      jti: fc.constantFrom(...jtis),
      exp: fc.integer({ min: NOW - 10, max: NOW + 60 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { maxLength: 6 }),
        fc.array(entry, { maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 70 }), { minLength: 1, maxLength: 5 }),
        async (documented, revoked, checks) => {
          server.revoked = documented;
          const { list } = denyList(server);
          await list.pending;
          for (const r of revoked) list.revoke(r.jti, r.exp, T0);
          for (const seconds of checks.sort((a, b) => a - b)) {
            const at = T0 + seconds * 1000;
            for (const jti of jtis) {
              const live = (e: { jti: string; exp: number }) => e.jti === jti && e.exp * 1000 > at;
              expect(list.denied(jti, at)).toBe(documented.some(live) || revoked.some(live));
            }
          }
          list.close();
        },
      ),
      { numRuns: 25 },
    );
  });
});
