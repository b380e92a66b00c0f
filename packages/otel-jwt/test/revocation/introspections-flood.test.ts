import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { Introspections } from '../../src/revocation/introspections.js';
import { opaque, T0, useIntrospections } from '../support/introspection-fixtures.js';
import type { IntrospectionServer } from '../support/introspection-server.js';

// Anyone can send made-up opaque strings, and each is introspected: such a flood must not push real
// users' active answers out of the cache (the request slots kept for renewals: introspections-renewals.test.ts).

const { serve, client } = useIntrospections();

/** A made-up opaque token, as an attacker would send. */
const madeUp = (): string => `zz${randomBytes(12).toString('base64url')}`;

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
