import { randomBytes } from 'node:crypto';
import { describe, expect, test, vi } from 'vitest';
import type { Introspections } from '../../src/revocation/introspections.js';
import { MAX_INTROSPECTIONS_IN_FLIGHT, RENEWAL_SLOTS } from '../../src/revocation/introspections.js';
import { opaque, T0, useIntrospections } from '../support/introspection-fixtures.js';
import type { IntrospectionServer } from '../support/introspection-server.js';
import { until } from '../support/remote-fixtures.js';

// Anyone can send made-up opaque strings, and each is introspected: such a flood must not push real
// users' active answers out of the cache, nor take every request slot from the users already served.

const { serve, client } = useIntrospections();

/** A made-up opaque token, as an attacker would send. */
const madeUp = (): string => `zz${randomBytes(12).toString('base64url')}`;
/** Slots a token never answered active may take. */
const OPEN_SLOTS = MAX_INTROSPECTIONS_IN_FLIGHT - RENEWAL_SLOTS;

/** `count` made-up tokens introspected, `batch` at a time (within the open slots, so all are asked). */
async function flood(introspections: Introspections, count: number, batch = 40): Promise<void> {
  for (let done = 0; done < count; done += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - done) }, () => introspections.introspect(madeUp())),
    );
  }
}

/** An active user of `server`, introspected once. */
async function activeUser(server: IntrospectionServer, introspections: Introspections): Promise<string> {
  const token = opaque();
  server.answers.set(token, { active: true, sub: 'alice' });
  await introspections.introspect(token);
  expect(introspections.lookup(token, Date.now()).kind).toBe('active');
  return token;
}

describe('a flood of made-up opaque tokens', () => {
  test('leaves an active answer held after 1000 inactive answers with maxCachedTokens 1000', async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCachedTokens: 1000 });
    const alice = await activeUser(server, introspections);
    await flood(introspections, 1000);
    expect(server.requests).toHaveLength(1001);
    expect(introspections.lookup(alice, T0).kind).toBe('active');
  });

  test('leaves an active answer held after more failed answers than maxCachedTokens', async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCachedTokens: 5 });
    const alice = await activeUser(server, introspections);
    server.mode = 'http-500';
    await flood(introspections, 20);
    expect(server.requests).toHaveLength(21);
    expect(introspections.lookup(alice, T0).kind).toBe('active');
  });

  test('a looked-up active answer outlives newer active answers that fill the cache', async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCachedTokens: 4 });
    const [a, b, c, d] = [
      await activeUser(server, introspections),
      await activeUser(server, introspections),
      await activeUser(server, introspections),
      await activeUser(server, introspections),
    ];
    introspections.lookup(a, T0);
    await activeUser(server, introspections);
    await activeUser(server, introspections);
    expect([a, b, c, d].map((token) => introspections.lookup(token, T0).kind)).toEqual([
      'active',
      'unknown',
      'unknown',
      'active',
    ]);
  });
});

describe(`requests under way: ${RENEWAL_SLOTS} of ${MAX_INTROSPECTIONS_IN_FLIGHT} kept for renewals`, () => {
  /** Made-up tokens held at the endpoint in every open slot; one more is left unknown, unasked. */
  async function fillOpenSlots(server: IntrospectionServer, introspections: Introspections) {
    server.mode = 'held';
    const held = Array.from({ length: OPEN_SLOTS }, () => introspections.introspect(madeUp()));
    await until(() => server.heldCount === OPEN_SLOTS);
    const beyond = madeUp();
    await introspections.introspect(beyond);
    expect(introspections.inFlightCount).toBe(OPEN_SLOTS);
    expect(server.requests.some((r) => r.form.token === beyond)).toBe(false);
    return held;
  }

  test('a known active token whose answer ended is introspected while made-up tokens hold the open slots', async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCacheSeconds: 10 });
    const alice = await activeUser(server, introspections);
    vi.setSystemTime(T0 + 10_000);
    const held = await fillOpenSlots(server, introspections);
    const renewal = introspections.introspect(alice);
    await until(() => server.heldCount === OPEN_SLOTS + 1);
    server.release();
    await Promise.all([...held, renewal]);
    expect(introspections.lookup(alice, Date.now()).kind).toBe('active');
  });

  test('a known active token whose last renewal failed still gets a renewal slot', async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCacheSeconds: 10 });
    const alice = await activeUser(server, introspections);
    vi.setSystemTime(T0 + 10_000);
    server.mode = 'http-500';
    await introspections.introspect(alice);
    expect(introspections.lookup(alice, Date.now()).kind).toBe('failed');
    vi.setSystemTime(T0 + 11_000);
    const held = await fillOpenSlots(server, introspections);
    const renewal = introspections.introspect(alice);
    await until(() => server.heldCount === OPEN_SLOTS + 1);
    server.release();
    await Promise.all([...held, renewal]);
    expect(introspections.lookup(alice, Date.now()).kind).toBe('active');
  });

  test(`renewals stop at ${MAX_INTROSPECTIONS_IN_FLIGHT} requests under way in all`, async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCacheSeconds: 10 });
    const users: string[] = [];
    for (let i = 0; i <= RENEWAL_SLOTS; i++) users.push(await activeUser(server, introspections));
    vi.setSystemTime(T0 + 10_000);
    const held = await fillOpenSlots(server, introspections);
    const renewals = users.map((token) => introspections.introspect(token));
    await until(() => server.heldCount === MAX_INTROSPECTIONS_IN_FLIGHT);
    expect(introspections.inFlightCount).toBe(MAX_INTROSPECTIONS_IN_FLIGHT);
    const last = users.at(-1) as string;
    expect(server.requests.filter((r) => r.form.token === last)).toHaveLength(1);
    server.release();
    await Promise.all([...held, ...renewals]);
    expect(introspections.lookup(last, Date.now()).kind).toBe('unknown');
  });
});
