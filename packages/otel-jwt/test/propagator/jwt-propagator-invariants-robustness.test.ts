import { defaultTextMapGetter, ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { getAuth } from '../../src/index.js';
import { authStateOf } from '../../src/propagator/request-auth.js';
import { invariantSetup, throwing } from '../support/invariant-fixtures.js';
import { startJwksServer } from '../support/jwks-server.js';
import { until } from '../support/remote-fixtures.js';
import {
  AUDIENCE,
  extract,
  ISSUER,
  injectTo,
  KEY,
  mint,
  TRACEPARENT,
  TRUSTED_URL,
  telemetry,
  throwingVerifier,
} from '../support/telemetry-fixtures.js';

// DESIGN.md invariant 2, as far as it concerns the propagator: whatever a request, a configuration
// callback or a setter does, extract and inject return and never wait for key I/O. Invariants 1 and 3
// are in jwt-propagator-invariants.test.ts.

const jwt = telemetry(invariantSetup);

describe('invariant 2: never throws into the application, never blocks on I/O', () => {
  test('invariant 2: extract returns at once with unverified while the first JWKS fetch hangs', async () => {
    const server = await startJwksServer([KEY.publicJwk]);
    server.mode = 'slow';
    server.delayMs = 600_000;
    const remote = telemetry({
      verifier: {
        issuers: [
          { issuer: ISSUER, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri: server.jwksUri } },
        ],
        keyRefresh: { fetchTimeoutMilliseconds: 300_000 },
      },
    });
    try {
      let loaded = false;
      void remote.ready().then(() => {
        loaded = true;
      });
      await until(() => server.count() === 1);
      const context = remote.propagator.extract(
        ROOT_CONTEXT,
        { authorization: `Bearer ${mint()}` },
        defaultTextMapGetter,
      );
      expect(getAuth(context)?.result).toEqual({ status: 'unverified', code: 'keys_unavailable' });
      expect(authStateOf(context)?.entryAttributes).toEqual({
        'jwt.result': 'unverified',
        'jwt.error_code': 'keys_unavailable',
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(loaded).toBe(false);
      expect(server.count()).toBe(1);
    } finally {
      await remote.shutdown();
      await server.stop();
    }
  });

  test.each([
    {
      name: 'a carrier whose authorization getter throws',
      carrier: {
        get authorization(): string {
          return throwing();
        },
      },
    },
    { name: 'a carrier that throws on every read', carrier: new Proxy({}, { get: throwing }) },
    { name: 'a null carrier', carrier: null },
    { name: 'a number as carrier', carrier: 42 },
  ])('invariant 2: extract of $name returns a context and does not throw', ({ carrier }) => {
    for (const propagator of [jwt.propagator, jwt.jwtPropagator]) {
      const context = propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
      expect(typeof context.getValue).toBe('function');
    }
  });

  test('invariant 2: a verifier, destination rules or a setter that throw do not make inject or extract throw', () => {
    const broken = telemetry({
      ...invariantSetup,
      verifier: throwingVerifier('boom'),
      trustedDestinations: throwing,
      forwardToken: { to: throwing },
    });
    const context = extract(broken.propagator, {
      traceparent: TRACEPARENT,
      authorization: `Bearer ${mint()}`,
    });
    expect(() => injectTo(broken.propagator, context, TRUSTED_URL)).not.toThrow();
    const setter = { set: throwing };
    const valid = extract(jwt.propagator, { traceparent: TRACEPARENT, authorization: `Bearer ${mint()}` });
    expect(() => jwt.jwtPropagator.inject(valid, {}, setter)).not.toThrow();
    expect(() => jwt.propagator.inject(valid, {}, setter)).not.toThrow();
  });

  test.each([
    { name: 'two segments', value: 'Bearer abc.def', code: 'malformed' },
    { name: 'five segments (JWE)', value: 'Bearer a.b.c.d.e', code: 'jwe_not_supported' },
    { name: 'a token past maxTokenBytes', value: `Bearer ${'a'.repeat(9000)}`, code: 'token_too_large' },
    { name: 'two Authorization values', value: ['Bearer a.b.c', 'Bearer d.e.f'], code: 'multiple_tokens' },
    { name: 'a header that is not text', value: { token: 'x' }, code: 'malformed_authorization' },
  ])('invariant 2: $name gives the typed code $code', ({ value, code }) => {
    const context = extract(jwt.propagator, { authorization: value });
    expect(getAuth(context)?.result).toEqual({ status: 'invalid', code });
  });
});
