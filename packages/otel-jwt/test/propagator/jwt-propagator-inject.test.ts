import { trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { describe, expect, test } from 'vitest';
import { getAuth } from '../../src/index.js';
import { authStateOf } from '../../src/propagator/request-auth.js';
import {
  extract,
  forge,
  injectTo,
  mint,
  parseBaggage,
  TRACE_ID,
  TRACEPARENT,
  TRUSTED_ORIGIN,
  TRUSTED_URL,
  telemetry,
  UNTRUSTED_URL,
  upstreamHeaders,
} from '../support/telemetry-fixtures.js';

// Inject of the composite propagator (W3C trace context, W3C baggage, then JWT) and of the JWT
// propagator alone: the proof and auth entries go to trusted destinations only.

const setup = { claims: { roles: 'user.roles', tenant: 'tenant.id' }, trustedDestinations: [TRUSTED_ORIGIN] };
const jwt = telemetry(setup);
const forwarding = telemetry({ ...setup, forwardToken: { to: ['https://billing.internal'] } });
const OTHER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

function request(token: string | undefined, baggage = 'color=blue;ttl=5,size=xl', service = jwt) {
  const headers: Record<string, string> = { traceparent: TRACEPARENT, baggage };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return extract(service.propagator, headers);
}

describe('inject to a trusted destination', () => {
  test('the first verifying hop sends the subject proof, the entries proof, its auth entries, then the rest', () => {
    const sent = injectTo(jwt.propagator, request(mint({ roles: ['reader'], tenant: 'acme' })), TRUSTED_URL);
    expect(Object.keys(parseBaggage(sent.baggage))).toEqual([
      'jwt.subject_proof',
      'jwt.entries_proof',
      'user.roles',
      'tenant.id',
      'color',
      'size',
    ]);
    expect(sent.baggage).toContain(',color=blue;ttl=5,size=xl');
    expect(parseBaggage(sent.baggage)['jwt.entries_proof']).toMatch(/\.tenant\.id,user\.roles$/);
    const next = extract(jwt.propagator, { ...sent, authorization: `Bearer ${mint()}` });
    expect(getAuth(next)?.subjectVerdict).toBe('consistent');
  });

  test('the proof is made once per trace id and reused for every call of the request', () => {
    const context = request(mint());
    const first = injectTo(jwt.propagator, context, TRUSTED_URL);
    const issued = authStateOf(context)?.issuedProof;
    expect(injectTo(jwt.propagator, context, TRUSTED_URL)).toEqual(first);
    expect(authStateOf(context)?.issuedProof).toBe(issued);
    expect(issued?.traceId).toBe(TRACE_ID);
  });

  test('a call in another trace gets a proof bound to that trace', () => {
    const context = request(mint());
    const first = parseBaggage(injectTo(jwt.propagator, context, TRUSTED_URL).baggage)['jwt.subject_proof'];
    const elsewhere = trace.setSpanContext(context, {
      traceId: OTHER_TRACE,
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
    });
    const sent = injectTo(jwt.propagator, elsewhere, TRUSTED_URL);
    expect(parseBaggage(sent.baggage)['jwt.subject_proof']).not.toBe(first);
    expect(authStateOf(context)?.issuedProof?.traceId).toBe(OTHER_TRACE);
    const next = extract(jwt.propagator, { ...sent, authorization: `Bearer ${mint()}` });
    expect(getAuth(next)?.subjectVerdict).toBe('consistent');
  });

  test('a client span with the all-zero trace id gets no proof', () => {
    const invalid = trace.setSpanContext(request(mint()), {
      traceId: '0'.repeat(32),
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
    });
    expect(parseBaggage(injectTo(jwt.jwtPropagator, invalid, TRUSTED_URL).baggage)).toEqual({});
  });

  test('a keyed hop acting for the same subject sends the same proof on, issued afresh from its digest', () => {
    const sent = upstreamHeaders(jwt.propagator, mint());
    const context = extract(jwt.propagator, { ...sent, authorization: `Bearer ${mint()}` });
    const forwarded = injectTo(jwt.propagator, context, TRUSTED_URL);
    expect(parseBaggage(forwarded.baggage)['jwt.subject_proof']).toBe(
      parseBaggage(sent.baggage)['jwt.subject_proof'],
    );
    expect(authStateOf(context)?.issuedProof?.value).toBe(parseBaggage(sent.baggage)['jwt.subject_proof']);
  });

  test("a hop whose subject changed forwards the first subject's proof, so the next hop sees the change too", () => {
    const sent = upstreamHeaders(jwt.propagator, mint());
    const bob = `Bearer ${mint({ sub: 'bob' })}`;
    const forwarded = injectTo(
      jwt.propagator,
      extract(jwt.propagator, { ...sent, authorization: bob }),
      TRUSTED_URL,
    );
    expect(parseBaggage(forwarded.baggage)['jwt.subject_proof']).toBe(
      parseBaggage(sent.baggage)['jwt.subject_proof'],
    );
    expect(getAuth(extract(jwt.propagator, { ...forwarded, authorization: bob }))?.subjectVerdict).toBe(
      'changed',
    );
  });

  test('a token without a subject gets no proof', () => {
    const sent = injectTo(jwt.propagator, request(mint({ sub: undefined, roles: ['reader'] })), TRUSTED_URL);
    expect(parseBaggage(sent.baggage)).toEqual({ 'user.roles': 'reader', color: 'blue', size: 'xl' });
  });

  test('a request without a verified token sends the baggage without the forged auth entries', () => {
    const sent = injectTo(jwt.propagator, request(undefined, 'user.roles=admin,color=blue'), TRUSTED_URL);
    expect(sent.baggage).toBe('color=blue');
  });
});

describe('inject to a destination that is not trusted', () => {
  const context = request(mint({ roles: ['reader'], tenant: 'acme' }));
  test.each([
    { name: 'an untrusted origin', url: UNTRUSTED_URL },
    { name: 'another port of a trusted origin', url: 'https://orders.internal:8443/x' },
    { name: 'plain http to a trusted https origin', url: 'http://orders.internal/x' },
    { name: 'a subdomain of a trusted origin', url: 'https://eu.orders.internal/x' },
    { name: 'a client span without a URL attribute', url: undefined },
    { name: 'a url.full that is not a string', url: ['https://orders.internal/x'] },
    { name: 'a url.full that is not a URL', url: 'orders.internal/x' },
  ])('$name gets no auth entries and no proof, the other baggage as it was', ({ url }) => {
    const sent = injectTo(jwt.propagator, context, url);
    expect(sent.baggage).toBe('color=blue;ttl=5,size=xl');
    expect(sent.traceparent).toContain(TRACE_ID);
    expect(sent).not.toHaveProperty('authorization');
  });

  test('loses the baggage member when only auth entries were in the baggage', () => {
    const sent = injectTo(
      jwt.propagator,
      request(mint({ roles: ['reader'] }), 'tenant.id=acme'),
      UNTRUSTED_URL,
    );
    expect(sent).not.toHaveProperty('baggage');
    expect(sent).toHaveProperty('traceparent');
  });

  test('jwtPropagator alone leaves a header it has no auth entries to remove from untouched', () => {
    const headers = { baggage: 'written=by-baggage-propagator' };
    injectTo(jwt.jwtPropagator, request(undefined, 'color=blue'), UNTRUSTED_URL, headers);
    expect(headers).toEqual({ baggage: 'written=by-baggage-propagator' });
  });
});

describe('token forwarding', () => {
  const billing = 'https://billing.internal/charge';

  test('is off by default, even to a trusted destination', () => {
    expect(injectTo(jwt.propagator, request(mint()), TRUSTED_URL)).not.toHaveProperty('authorization');
  });

  test('sends the verified token as Bearer to a destination in forwardToken.to', () => {
    const token = mint();
    expect(
      injectTo(forwarding.propagator, request(token, 'color=blue', forwarding), billing).authorization,
    ).toBe(`Bearer ${token}`);
  });

  test('does not send the token to a trusted destination outside forwardToken.to', () => {
    const sent = injectTo(forwarding.propagator, request(mint(), 'color=blue', forwarding), TRUSTED_URL);
    expect(sent).not.toHaveProperty('authorization');
  });

  test('never overwrites an Authorization header the application set', () => {
    const headers = { Authorization: 'Bearer chosen-by-app' };
    injectTo(forwarding.propagator, request(mint(), 'color=blue', forwarding), billing, headers);
    expect(headers).toEqual(expect.objectContaining({ Authorization: 'Bearer chosen-by-app' }));
    expect(headers).not.toHaveProperty('authorization');
  });

  test('never forwards a token that did not verify', () => {
    const context = request(forge(), 'color=blue', forwarding);
    expect(getAuth(context)?.result.status).toBe('invalid');
    expect(injectTo(forwarding.propagator, context, billing)).not.toHaveProperty('authorization');
  });

  test('fields() lists authorization only when forwarding is configured', () => {
    expect(jwt.jwtPropagator.fields()).toEqual(['baggage']);
    expect(forwarding.jwtPropagator.fields()).toEqual(['baggage', 'authorization']);
    expect(forwarding.propagator.fields()).toEqual(['traceparent', 'tracestate', 'baggage', 'authorization']);
  });
});

describe('inject with tracing suppressed', () => {
  test('the composite writes nothing at all', () => {
    const context = suppressTracing(request(mint({ roles: ['reader'] }), 'color=blue', forwarding));
    expect(injectTo(forwarding.propagator, context, 'https://billing.internal/x')).toEqual({});
  });

  test('jwtPropagator alone neither rewrites the baggage nor forwards the token', () => {
    const headers = { baggage: 'user.roles=reader' };
    const context = suppressTracing(request(mint({ roles: ['reader'] }), 'color=blue', forwarding));
    injectTo(forwarding.jwtPropagator, context, 'https://billing.internal/x', headers);
    expect(headers).toEqual({ baggage: 'user.roles=reader' });
  });
});
