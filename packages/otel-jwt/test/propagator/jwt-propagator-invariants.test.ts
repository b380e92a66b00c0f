import { type Context, defaultTextMapGetter, ROOT_CONTEXT } from '@opentelemetry/api';
import { afterEach, describe, expect, test } from 'vitest';
import { getAuth } from '../../src/index.js';
import { b64 } from '../support/forge.js';
import { invariantSetup, throwing } from '../support/invariant-fixtures.js';
import { stringsOf, tokenMaterialIn } from '../support/leak-scanner.js';
import { captureDiag } from '../support/remote-fixtures.js';
import {
  baggageOf,
  extract,
  forge,
  injectTo,
  KEY,
  mint,
  recordingSpan,
  startSpans,
  TRACEPARENT,
  TRUSTED_URL,
  telemetry,
  throwingVerifier,
  UNTRUSTED_URL,
  upstreamHeaders,
} from '../support/telemetry-fixtures.js';

// DESIGN.md invariants 1 and 3, as far as they concern the propagator and the span processor: what may
// reach telemetry. Invariant 2 is in jwt-propagator-invariants-robustness.test.ts; invariants 4, 5 and 7
// are in jwt-propagator-invariants-records.test.ts.

const jwt = telemetry(invariantSetup);
const diagLog = captureDiag();
afterEach(() => {
  diagLog.messages.length = 0;
});

/** Everything a request leaves in telemetry: entry and child span, baggage sent anywhere, diag messages. */
function telemetryOf(context: Context): string[] {
  const sent = [UNTRUSTED_URL, TRUSTED_URL, undefined].map((url) => injectTo(jwt.propagator, context, url));
  return [...stringsOf(startSpans(jwt.spanProcessor, context)), ...stringsOf(sent), ...diagLog.messages];
}

describe('invariant 1: no token material in telemetry', () => {
  test.each([
    {
      name: 'a valid token that is kept for forwarding',
      token: () => mint({ roles: ['admin'], tenant: 'acme' }),
    },
    { name: 'a delegated token', token: () => mint({ act: { sub: 'gateway' } }) },
    { name: 'a token signed by an unknown key', token: () => forge({ roles: ['admin'] }) },
    { name: 'an expired token', token: () => mint({ exp: Math.floor(Date.now() / 1000) - 600 }) },
    { name: 'a token over the size limit', token: () => mint({ tenant: 'x'.repeat(9000) }) },
  ])('invariant 1: $name leaves no piece of itself on spans, events, baggage or diag', ({ token }) => {
    const minted = token();
    const context = extract(jwt.propagator, { traceparent: TRACEPARENT, authorization: `Bearer ${minted}` });
    expect(tokenMaterialIn(minted, telemetryOf(context))).toBeUndefined();
  });

  test('invariant 1: a changed subject records its event without any piece of either token', () => {
    const first = mint();
    const second = mint({ sub: 'bob' });
    const context = extract(jwt.propagator, {
      ...upstreamHeaders(jwt.propagator, first),
      authorization: `Bearer ${second}`,
    });
    const texts = telemetryOf(context);
    expect(texts).toContain('jwt.subject_changed');
    expect(tokenMaterialIn(first, texts)).toBeUndefined();
    expect(tokenMaterialIn(second, texts)).toBeUndefined();
  });

  test('invariant 1: an exception carrying the token, thrown inside extract, is not logged', () => {
    const token = mint();
    const leaky = telemetry({ ...invariantSetup, verifier: throwingVerifier(`cannot verify ${token}`) });
    leaky.propagator.extract(ROOT_CONTEXT, { authorization: `Bearer ${token}` }, defaultTextMapGetter);
    expect(diagLog.messages.join('\n')).toContain('otel-jwt');
    expect(tokenMaterialIn(token, diagLog.messages)).toBeUndefined();
  });

  test("invariant 1: a mapped claim that repeats the token's header segment is not copied onto spans", () => {
    const header = b64(JSON.stringify({ alg: KEY.alg, kid: KEY.kid, typ: 'at+jwt' }));
    const token = mint({ tenant: header });
    expect(token.startsWith(`${header}.`)).toBe(true);
    const context = extract(jwt.propagator, { traceparent: TRACEPARENT, authorization: `Bearer ${token}` });
    expect(tokenMaterialIn(token, telemetryOf(context))).toBeUndefined();
  });

  test('invariant 1: a token the client copied into its baggage is not sent on to an untrusted destination', () => {
    const token = mint();
    const context = extract(jwt.propagator, {
      traceparent: TRACEPARENT,
      authorization: `Bearer ${token}`,
      baggage: `session=${token}`,
    });
    expect(
      tokenMaterialIn(token, stringsOf(injectTo(jwt.propagator, context, UNTRUSTED_URL))),
    ).toBeUndefined();
  });
});

describe('invariant 3: claims reach baggage or spans only from a token that verified', () => {
  const mapped = ['user.roles', 'tenant.id'];
  test.each([
    { name: 'signed by an unknown key', token: () => forge({ roles: ['admin'], tenant: 'acme' }) },
    {
      name: 'expired',
      token: () => mint({ roles: ['admin'], tenant: 'acme', exp: Math.floor(Date.now() / 1000) - 600 }),
    },
    { name: 'for another audience', token: () => mint({ roles: ['admin'], tenant: 'acme', aud: 'billing' }) },
    {
      name: 'from an unknown issuer',
      token: () => mint({ roles: ['admin'], tenant: 'acme', iss: 'https://evil.test' }),
    },
    {
      name: 'not yet valid',
      token: () => mint({ roles: ['admin'], tenant: 'acme', nbf: Math.floor(Date.now() / 1000) + 600 }),
    },
  ])('invariant 3: the claims of a token $name reach neither baggage nor spans', ({ token }) => {
    const context = extract(jwt.propagator, { traceparent: TRACEPARENT, authorization: `Bearer ${token()}` });
    const span = recordingSpan();
    jwt.spanProcessor.onStart(span, context);
    expect(getAuth(context)?.result.status).toBe('invalid');
    for (const key of mapped) {
      expect(span.attributes).not.toHaveProperty(key);
      expect(baggageOf(context)).not.toHaveProperty(key);
    }
    expect(Object.keys(span.attributes).every((key) => key.startsWith('jwt.'))).toBe(true);
  });

  test.each([
    {
      name: 'the authorization getter throws',
      service: jwt,
      headers: {
        traceparent: TRACEPARENT,
        baggage: 'user.roles=admin',
        get authorization(): string {
          return throwing();
        },
      },
    },
    {
      name: 'the verifier throws',
      service: telemetry({ ...invariantSetup, verifier: throwingVerifier('boom') }),
      headers: { traceparent: TRACEPARENT, baggage: 'user.roles=admin', authorization: 'Bearer a.b.c' },
    },
  ])(
    'invariant 3: forged auth baggage does not survive an extract in which $name',
    ({ service, headers }) => {
      const context = service.propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
      expect(baggageOf(context)).not.toHaveProperty('user.roles');
    },
  );
});
