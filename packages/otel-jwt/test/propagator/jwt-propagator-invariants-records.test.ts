import { createSecretKey, randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { createJwtTelemetry, getAuth } from '../../src/index.js';
import { signClaims } from '../support/forge.js';
import {
  AUDIENCE,
  baggageOf,
  extract,
  HMAC_KEY,
  ISSUER,
  mint,
  startSpans,
  TRACEPARENT,
  TRUSTED_ORIGIN,
  telemetry,
  upstreamHeaders,
} from '../support/telemetry-fixtures.js';
import type { TestKey } from '../support/test-keys.js';

// DESIGN.md invariants 4, 5 and 7, as far as they concern the propagator and the span processor.

const jwt = telemetry({
  claims: { roles: 'user.roles', tenant: 'tenant.id' },
  protectedBaggageKeys: ['legacy.flag'],
  trustedDestinations: [TRUSTED_ORIGIN],
});
const FORGED = 'user.roles=admin,jwt.subject.verdict=consistent,tenant.id=victim,legacy.flag=on,color=blue';

function spansOf(headers: Record<string, string>) {
  const context = extract(jwt.propagator, headers);
  return { context, ...startSpans(jwt.spanProcessor, context) };
}

describe('invariant 4: inbound auth baggage the service cannot vouch for is removed, and the removal recorded', () => {
  test('invariant 4: every removed key and the reason are on the entry span and in getAuth', () => {
    const { context, entry } = spansOf({ traceparent: TRACEPARENT, baggage: FORGED });
    const removed = ['user.roles', 'jwt.subject.verdict', 'tenant.id', 'legacy.flag'];
    expect(entry.attributes).toMatchObject({
      'jwt.baggage.removed': removed,
      'jwt.baggage.removal_reason': 'no_verified_token',
    });
    expect(getAuth(context)?.removedBaggageKeys).toEqual(removed);
    expect(baggageOf(context)).toEqual({ color: 'blue' });
  });

  test('invariant 4: the removal is recorded once, on the entry span, not on every child span', () => {
    const { entry, child } = spansOf({ traceparent: TRACEPARENT, baggage: FORGED });
    expect(entry.attributes).toHaveProperty('jwt.baggage.removed');
    expect(child.attributes).toEqual({ 'jwt.result': 'absent' });
  });

  test('invariant 4: forged auth baggage is removed beside a valid token whose claim cannot be written to baggage', () => {
    // A lone surrogate is valid JSON (`"\ud800"`) but cannot be percent-encoded for the baggage header.
    const { context, entry } = spansOf({
      traceparent: TRACEPARENT,
      authorization: `Bearer ${mint({ tenant: 'acme\ud800' })}`,
      baggage: FORGED,
    });
    expect(baggageOf(context)).toEqual({ color: 'blue' });
    expect(entry.attributes).toHaveProperty('jwt.baggage.removed');
    expect(getAuth(context)?.result.status).toBe('valid');
  });
});

describe('invariant 5: a subject change is recorded where it is seen, delegation told apart', () => {
  const upstream = () => upstreamHeaders(jwt.propagator, mint());

  test('invariant 5: the hop where the subject changes records the event and jwt.subject.changed on its entry span', () => {
    const { entry } = spansOf({ ...upstream(), authorization: `Bearer ${mint({ sub: 'bob' })}` });
    expect(entry.attributes).toMatchObject({ 'jwt.subject.verdict': 'changed', 'jwt.subject.changed': true });
    expect(entry.events.map((event) => event.name)).toEqual(['jwt.subject_changed']);
  });

  test('invariant 5: the same subject acting through an actor is delegated, with the actor chain and no change event', () => {
    const { entry } = spansOf({
      ...upstream(),
      authorization: `Bearer ${mint({ act: { sub: 'gateway' } })}`,
    });
    expect(entry.attributes['jwt.subject.verdict']).toBe('delegated');
    expect(entry.attributes['jwt.actor_chain']).toHaveLength(1);
    expect(entry.attributes).not.toHaveProperty('jwt.subject.changed');
    expect(entry.events).toEqual([]);
  });

  test('invariant 5: an act claim does not excuse another subject: still changed', () => {
    const { entry } = spansOf({
      ...upstream(),
      authorization: `Bearer ${mint({ sub: 'bob', act: { sub: 'alice' } })}`,
    });
    expect(entry.attributes['jwt.subject.verdict']).toBe('changed');
    expect(entry.events.map((event) => event.name)).toEqual(['jwt.subject_changed']);
  });

  test('invariant 5: a consistent hop records neither a change nor an event', () => {
    const { entry } = spansOf({ ...upstream(), authorization: `Bearer ${mint()}` });
    expect(entry.attributes['jwt.subject.verdict']).toBe('consistent');
    expect(entry.events).toEqual([]);
  });
});

describe('invariant 7: memory stays bounded whatever the traffic', () => {
  const secret = createSecretKey(randomBytes(32));
  const key: TestKey = { alg: 'HS256', kid: 'hs-bounded', signingKey: secret, publicJwk: {} };
  const CAPACITY = 64;
  const bounded = createJwtTelemetry({
    verifier: {
      issuers: [
        {
          issuer: ISSUER,
          audience: AUDIENCE,
          keys: {
            type: 'static',
            keys: [{ type: 'secret', secret: secret.export(), alg: 'HS256', kid: key.kid }],
          },
        },
      ],
      cacheMaxEntries: CAPACITY,
    },
    hmacKey: HMAC_KEY,
    claims: { roles: 'user.roles' },
  });
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const tokenNumber = (n: number) =>
    signClaims(key, { iss: ISSUER, aud: AUDIENCE, sub: `user-${n}`, exp, roles: [`r${n % 7}`] });
  const registries: FinalizationRegistry<number>[] = [];
  const cacheSize = () => (bounded.verifier as unknown as { cache: { size: number } }).cache.size;

  test('invariant 7: 20000 distinct tokens leave the verified-token cache at its capacity', () => {
    for (let n = 0; n < 20_000; n++) {
      const context = extract(bounded.propagator, {
        traceparent: TRACEPARENT,
        authorization: `Bearer ${tokenNumber(n)}`,
      });
      if (n % 5_000 === 0) expect(getAuth(context)?.result.status).toBe('valid');
    }
    expect(cacheSize()).toBe(CAPACITY);
  });

  test('invariant 7: results evicted from the verified cache are not kept alive by the identity cache', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const TOTAL = 5_000;
    let collected = 0;
    // Kept reachable to the end: a registry that is itself collected never calls back.
    const registry = new FinalizationRegistry(() => {
      collected++;
    });
    registries.push(registry);
    for (let n = 0; n < TOTAL; n++) {
      const context = extract(bounded.propagator, {
        traceparent: TRACEPARENT,
        authorization: `Bearer ${tokenNumber(100_000 + n)}`,
      });
      registry.register(getAuth(context)?.result as object, n);
    }
    // Finalizers run in a task after a collection; a few rounds let them all run.
    for (let round = 0; round < 10 && collected < TOTAL - CAPACITY; round++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(collected).toBeGreaterThanOrEqual(TOTAL - CAPACITY);
    expect(collected).toBeLessThanOrEqual(TOTAL);
  });
});
