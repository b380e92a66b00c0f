import { describe, expect, test, vi } from 'vitest';
import { MAX_INTROSPECTIONS_IN_FLIGHT, RENEWAL_SLOTS } from '../../src/revocation/introspections.js';
import { counted, ISSUER, NOW, opaque, T0, useIntrospections } from '../support/introspection-fixtures.js';
import { settle, until } from '../support/remote-fixtures.js';

// What the introspection client holds for a token, for how long, and its bounds. The requests and
// their failures: introspections-requests.test.ts.

const { serve, client, notices } = useIntrospections();

describe('Introspections answers', () => {
  test('an active answer is held with its claims, iss filled in, until maxCacheSeconds', async () => {
    const server = await serve();
    const token = opaque();
    server.answers.set(token, { active: true, sub: 'alice', scope: 'orders:read', client_id: 'web' });
    const { introspections, counts } = client(server);
    expect(introspections.lookup(token, T0)).toEqual({ kind: 'unknown' });
    await introspections.introspect(token);
    const found = introspections.lookup(token, T0);
    expect(found).toEqual({
      kind: 'active',
      claims: { sub: 'alice', scope: 'orders:read', client_id: 'web', iss: ISSUER },
    });
    expect(found.kind === 'active' && Object.isFrozen(found.claims)).toBe(true);
    expect(introspections.lookup(token, T0 + 59_999).kind).toBe('active');
    expect(introspections.lookup(token, T0 + 60_000).kind).toBe('unknown');
    expect(counted(counts)).toEqual({ active: 1 });
  });

  test('an active answer is held no longer than its exp', async () => {
    const server = await serve();
    const token = opaque();
    server.answers.set(token, { active: true, exp: NOW + 10 });
    const { introspections } = client(server);
    await introspections.introspect(token);
    expect(introspections.lookup(token, T0 + 9999).kind).toBe('active');
    expect(introspections.lookup(token, T0 + 10_000).kind).toBe('unknown');
  });

  test('an active answer whose exp has passed is inactive', async () => {
    const server = await serve();
    const token = opaque();
    server.answers.set(token, { active: true, exp: NOW });
    const { introspections, counts } = client(server);
    await introspections.introspect(token);
    expect(introspections.lookup(token, T0)).toEqual({ kind: 'inactive' });
    expect(counted(counts)).toEqual({ inactive: 1 });
  });

  test('an inactive answer is held for maxCacheSeconds', async () => {
    const server = await serve();
    const token = opaque();
    const { introspections, counts } = client(server, { maxCacheSeconds: 5 });
    await introspections.introspect(token);
    expect(introspections.lookup(token, T0 + 4999)).toEqual({ kind: 'inactive' });
    expect(introspections.lookup(token, T0 + 5000)).toEqual({ kind: 'unknown' });
    expect(counted(counts)).toEqual({ inactive: 1 });
  });

  test('an active answer naming another issuer is refused as inactive, counted and said once', async () => {
    const server = await serve();
    const [first, second] = [opaque(), opaque()];
    server.answers.set(first, { active: true, iss: 'https://elsewhere.example' });
    server.answers.set(second, { active: true, iss: 'https://elsewhere.example' });
    const { introspections, counts } = client(server);
    await introspections.introspect(first);
    await introspections.introspect(second);
    expect(introspections.lookup(first, T0)).toEqual({ kind: 'inactive' });
    expect(introspections.lookup(second, T0)).toEqual({ kind: 'inactive' });
    expect(counted(counts)).toEqual({ issuer_mismatch: 2 });
    expect(notices()).toEqual([
      expect.stringMatching(
        /^warn otel-jwt: the introspection endpoint of issuer https:\/\/idp.example answered "active" with a different "iss"/,
      ),
    ]);
  });

  test('an answer already held is not asked for again', async () => {
    const server = await serve();
    const token = opaque();
    const { introspections } = client(server);
    await introspections.introspect(token);
    await introspections.introspect(token);
    expect(server.requests).toHaveLength(1);
  });
});

describe('Introspections concurrency and bounds', () => {
  test('ten concurrent introspections of one token make one request', async () => {
    const server = await serve();
    server.mode = 'held';
    const token = opaque();
    server.answers.set(token, { active: true });
    const { introspections } = client(server);
    const waits = Array.from({ length: 10 }, () => introspections.introspect(token));
    await until(() => server.heldCount === 1);
    await settle(30);
    expect(server.requests).toHaveLength(1);
    server.release();
    await Promise.all(waits);
    expect(introspections.lookup(token, T0).kind).toBe('active');
  });

  const open = MAX_INTROSPECTIONS_IN_FLIGHT - RENEWAL_SLOTS;
  test(`tokens never answered active have at most ${open} requests under way; a token beyond stays unknown, unasked`, async () => {
    const server = await serve();
    server.mode = 'held';
    const { introspections } = client(server);
    const tokens = Array.from({ length: open }, opaque);
    const waits = tokens.map((token) => introspections.introspect(token));
    expect(introspections.inFlightCount).toBe(open);
    const extra = opaque();
    let settled = false;
    void introspections.introspect(extra).then(() => {
      settled = true;
    });
    await until(() => server.heldCount === open);
    expect(settled).toBe(true);
    expect(server.requests.some((r) => r.form.token === extra)).toBe(false);
    server.release();
    await Promise.all(waits);
    expect(introspections.inFlightCount).toBe(0);
    expect(introspections.lookup(extra, T0)).toEqual({ kind: 'unknown' });
    expect(introspections.lookup(tokens[0] as string, T0)).toEqual({ kind: 'inactive' });
  });

  test('holds at most maxCachedTokens answers, the oldest out first', async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCachedTokens: 3 });
    const tokens = Array.from({ length: 5 }, opaque);
    for (const token of tokens) await introspections.introspect(token);
    expect(tokens.map((token) => introspections.lookup(token, T0).kind)).toEqual([
      'unknown',
      'unknown',
      'inactive',
      'inactive',
      'inactive',
    ]);
  });

  test('a token asked again after its answer expired goes to the back of the eviction order', async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCachedTokens: 2, maxCacheSeconds: 10 });
    const [a, b, c] = [opaque(), opaque(), opaque()];
    await introspections.introspect(a);
    vi.setSystemTime(T0 + 5000);
    await introspections.introspect(b);
    vi.setSystemTime(T0 + 10_000);
    await introspections.introspect(a);
    await introspections.introspect(c);
    const now = Date.now();
    expect([a, b, c].map((token) => introspections.lookup(token, now).kind)).toEqual([
      'inactive',
      'unknown',
      'inactive',
    ]);
  });

  test('close discards the answers under way and every answer held', async () => {
    const server = await serve();
    const [held, asked] = [opaque(), opaque()];
    server.answers.set(held, { active: true });
    const { introspections, counts } = client(server);
    await introspections.introspect(held);
    server.mode = 'hang';
    const wait = introspections.introspect(asked);
    await until(() => server.requests.length === 2);
    introspections.close();
    await wait;
    expect(introspections.lookup(held, T0)).toEqual({ kind: 'unknown' });
    expect(introspections.lookup(asked, T0)).toEqual({ kind: 'unknown' });
    expect(counted(counts)).toEqual({ active: 1 });
    await introspections.introspect(opaque());
    expect(server.requests).toHaveLength(2);
  });

  test('lookup never throws on odd tokens', async () => {
    const server = await serve();
    const { introspections } = client(server);
    for (const token of ['', ' ', '\u0000', 'x'.repeat(1_000_000), '\ud800']) {
      expect(introspections.lookup(token, T0)).toEqual({ kind: 'unknown' });
    }
  });
});
