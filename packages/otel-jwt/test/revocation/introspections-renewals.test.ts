import { randomBytes } from 'node:crypto';
import { describe, expect, test, vi } from 'vitest';
import type { Introspections } from '../../src/revocation/introspections.js';
import { MAX_INTROSPECTIONS_IN_FLIGHT, RENEWAL_SLOTS } from '../../src/revocation/introspections.js';
import { NOW, opaque, T0, useIntrospections } from '../support/introspection-fixtures.js';
import type { IntrospectionServer } from '../support/introspection-server.js';
import { until } from '../support/remote-fixtures.js';

// The request slots kept for renewals: made-up opaque strings against a slow endpoint must not take every
// slot from the users already served, and neither must one account's many tokens.

const { serve, client } = useIntrospections();

/** A made-up opaque token, as an attacker would send. */
const madeUp = (): string => `zz${randomBytes(12).toString('base64url')}`;
/** Slots a token that is not a renewal may take. */
const OPEN_SLOTS = MAX_INTROSPECTIONS_IN_FLIGHT - RENEWAL_SLOTS;

/** A token of `server` answered `answer` (active), introspected once. */
async function activeToken(
  server: IntrospectionServer,
  introspections: Introspections,
  answer: Record<string, unknown> = { sub: 'alice' },
): Promise<string> {
  const token = opaque();
  server.answers.set(token, { active: true, ...answer });
  await introspections.introspect(token);
  expect(introspections.lookup(token, Date.now()).kind).toBe('active');
  return token;
}

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

const asked = (server: IntrospectionServer, token: string): number =>
  server.requests.filter((r) => r.form.token === token).length;

describe(`requests under way: ${RENEWAL_SLOTS} of ${MAX_INTROSPECTIONS_IN_FLIGHT} kept for renewals`, () => {
  test('a known active token whose answer ended is introspected while made-up tokens hold the open slots', async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCacheSeconds: 10 });
    const alice = await activeToken(server, introspections);
    vi.setSystemTime(T0 + 10_000);
    const held = await fillOpenSlots(server, introspections);
    const renewal = introspections.introspect(alice);
    await until(() => server.heldCount === OPEN_SLOTS + 1);
    server.release();
    await Promise.all([...held, renewal]);
    expect(introspections.lookup(alice, Date.now()).kind).toBe('active');
  });

  test('a token whose renewal failed loses its renewal slot and competes for the open slots', async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCacheSeconds: 10 });
    const alice = await activeToken(server, introspections);
    vi.setSystemTime(T0 + 10_000);
    server.mode = 'http-500';
    await introspections.introspect(alice);
    expect(introspections.lookup(alice, Date.now()).kind).toBe('failed');
    vi.setSystemTime(T0 + 11_000);
    const held = await fillOpenSlots(server, introspections);
    await introspections.introspect(alice);
    expect(introspections.inFlightCount).toBe(OPEN_SLOTS);
    expect(asked(server, alice)).toBe(2);
    server.release();
    await Promise.all(held);
    expect(introspections.lookup(alice, Date.now()).kind).toBe('unknown');
  });

  test('an active answer that ended at its own exp takes no renewal slot: the token has expired', async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCacheSeconds: 60 });
    const expiring = await activeToken(server, introspections, { sub: 'alice', exp: NOW + 10 });
    vi.setSystemTime(T0 + 10_000);
    expect(introspections.lookup(expiring, Date.now()).kind).toBe('unknown');
    const held = await fillOpenSlots(server, introspections);
    await introspections.introspect(expiring);
    expect(introspections.inFlightCount).toBe(OPEN_SLOTS);
    expect(asked(server, expiring)).toBe(1);
    server.release();
    await Promise.all(held);
  });

  test('an active answer cut short by maxCacheSeconds before its exp is renewed', async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCacheSeconds: 10 });
    const alice = await activeToken(server, introspections, { sub: 'alice', exp: NOW + 3600 });
    vi.setSystemTime(T0 + 10_000);
    const held = await fillOpenSlots(server, introspections);
    const renewal = introspections.introspect(alice);
    await until(() => server.heldCount === OPEN_SLOTS + 1);
    server.release();
    await Promise.all([...held, renewal]);
    expect(introspections.lookup(alice, Date.now()).kind).toBe('active');
  });

  test(`one subject's ${RENEWAL_SLOTS} tokens take one renewal slot, leaving another user's renewal a slot`, async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCacheSeconds: 10 });
    const alice = await activeToken(server, introspections);
    const mallory: string[] = [];
    for (let i = 0; i < RENEWAL_SLOTS; i++)
      mallory.push(await activeToken(server, introspections, { sub: 'mallory' }));
    vi.setSystemTime(T0 + 10_000);
    const held = await fillOpenSlots(server, introspections);
    const renewals = mallory.map((token) => introspections.introspect(token));
    await until(() => server.heldCount === OPEN_SLOTS + 1);
    renewals.push(introspections.introspect(alice));
    await until(() => server.heldCount === OPEN_SLOTS + 2);
    expect(introspections.inFlightCount).toBe(OPEN_SLOTS + 2);
    expect(mallory.map((token) => asked(server, token))).toEqual([2, ...Array(RENEWAL_SLOTS - 1).fill(1)]);
    expect(asked(server, alice)).toBe(2);
    server.release();
    await Promise.all([...held, ...renewals]);
    expect(introspections.lookup(alice, Date.now()).kind).toBe('active');
    // Once its renewal is done, the subject may renew another of its tokens.
    const second = mallory[1] as string;
    const again = await fillOpenSlots(server, introspections);
    const renewal = introspections.introspect(second);
    await until(() => server.heldCount === OPEN_SLOTS + 1);
    server.release();
    await Promise.all([...again, renewal]);
    expect(introspections.lookup(second, Date.now()).kind).toBe('active');
  });

  test('active answers without a string sub share one renewal slot', async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCacheSeconds: 10 });
    const anonymous = [
      await activeToken(server, introspections, {}),
      await activeToken(server, introspections, { sub: 42 }),
      await activeToken(server, introspections, { client_id: 'batch' }),
    ];
    vi.setSystemTime(T0 + 10_000);
    const held = await fillOpenSlots(server, introspections);
    const renewals = anonymous.map((token) => introspections.introspect(token));
    await until(() => server.heldCount === OPEN_SLOTS + 1);
    expect(introspections.inFlightCount).toBe(OPEN_SLOTS + 1);
    expect(anonymous.map((token) => asked(server, token))).toEqual([2, 1, 1]);
    server.release();
    await Promise.all([...held, ...renewals]);
  });

  test(`renewals stop at ${MAX_INTROSPECTIONS_IN_FLIGHT} requests under way in all`, async () => {
    const server = await serve();
    const { introspections } = client(server, { maxCacheSeconds: 10 });
    const users: string[] = [];
    for (let i = 0; i <= RENEWAL_SLOTS; i++)
      users.push(await activeToken(server, introspections, { sub: `user-${i}` }));
    vi.setSystemTime(T0 + 10_000);
    const held = await fillOpenSlots(server, introspections);
    const renewals = users.map((token) => introspections.introspect(token));
    await until(() => server.heldCount === MAX_INTROSPECTIONS_IN_FLIGHT);
    expect(introspections.inFlightCount).toBe(MAX_INTROSPECTIONS_IN_FLIGHT);
    const last = users.at(-1) as string;
    expect(asked(server, last)).toBe(1);
    server.release();
    await Promise.all([...held, ...renewals]);
    expect(introspections.lookup(last, Date.now()).kind).toBe('unknown');
  });
});
