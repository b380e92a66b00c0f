import type { TextMapPropagator } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { getAuth } from '../../src/index.js';
import { authStateOf } from '../../src/propagator/request-auth.js';
import {
  baggageOf,
  extract,
  forge,
  mint,
  parseBaggage,
  TRACEPARENT,
  TRUSTED_ORIGIN,
  telemetry,
  traceparentOf,
  unkeyedTelemetry,
  upstreamHeaders,
} from '../support/telemetry-fixtures.js';

// The subject proof across two hops: the upstream service verifies a token and sends the proof to a
// trusted destination; the downstream service compares it with its own verified subject.

const setup = { claims: { tenant: 'tenant.id' }, trustedDestinations: [TRUSTED_ORIGIN] };
const keyed = telemetry(setup).propagator;
const otherKey = telemetry({ ...setup, hmacKey: 'z'.repeat(40) }).propagator;
const unkeyed = unkeyedTelemetry(setup).propagator;

/** The downstream request: what `upstream` sent after verifying alice's token, plus `authorization`. */
function downstream(
  service: TextMapPropagator,
  authorization: string | undefined,
  from: TextMapPropagator = service,
  sent: Record<string, string> = upstreamHeaders(from, mint({ tenant: 'acme' })),
) {
  const headers: Record<string, string> = { ...sent };
  if (authorization !== undefined) headers.authorization = authorization;
  return extract(service, headers);
}

describe('the subject verdict of a downstream hop', () => {
  test.each([
    { name: 'the same subject is consistent', token: () => mint(), verdict: 'consistent' },
    {
      name: 'the same subject with an RFC 8693 act claim is delegated',
      token: () => mint({ act: { sub: 'gateway' } }),
      verdict: 'delegated',
    },
    { name: 'another subject is changed', token: () => mint({ sub: 'bob' }), verdict: 'changed' },
    {
      name: 'no token after a verified hop is token_dropped',
      token: () => undefined,
      verdict: 'token_dropped',
    },
    {
      name: 'a token that does not verify after a verified hop is token_invalid',
      token: () => forge(),
      verdict: 'token_invalid',
    },
  ])('$name', ({ token, verdict }) => {
    const minted = token();
    const context = downstream(keyed, minted === undefined ? undefined : `Bearer ${minted}`);
    expect(getAuth(context)?.subjectVerdict).toBe(verdict);
    expect(authStateOf(context)?.entryAttributes['jwt.subject.verdict']).toBe(verdict);
  });

  test('the first verifying hop, with no proof from upstream, is no_upstream_proof', () => {
    const context = extract(keyed, { traceparent: TRACEPARENT, authorization: `Bearer ${mint()}` });
    expect(getAuth(context)?.subjectVerdict).toBe('no_upstream_proof');
  });

  test('a request with neither token nor proof has no verdict', () => {
    expect(getAuth(extract(keyed, { traceparent: TRACEPARENT }))?.subjectVerdict).toBeUndefined();
  });

  test('delegation names the actor chain, pseudonymised like the subject', () => {
    const context = downstream(keyed, `Bearer ${mint({ act: { sub: 'gateway', act: { sub: 'edge' } } })}`);
    const chain = authStateOf(context)?.entryAttributes['jwt.actor_chain'];
    expect(chain).toHaveLength(2);
    expect(chain).not.toContain('gateway');
    expect(authStateOf(context)?.entryAttributes).not.toHaveProperty('jwt.subject.changed');
  });

  test('only a changed subject sets jwt.subject.changed', () => {
    expect(authStateOf(downstream(keyed, `Bearer ${mint({ sub: 'bob' })}`))?.entryAttributes).toMatchObject({
      'jwt.subject.changed': true,
    });
    expect(authStateOf(downstream(keyed, `Bearer ${mint()}`))?.entryAttributes).not.toHaveProperty(
      'jwt.subject.changed',
    );
  });
});

describe('a valid upstream proof', () => {
  test('stays in the baggage and vouches for the upstream auth entries when the subject is consistent', () => {
    const sent = upstreamHeaders(keyed, mint({ tenant: 'acme' }));
    const context = downstream(keyed, `Bearer ${mint()}`, keyed, sent);
    // The entries proof that checked stays too (inject issues its own in its place).
    expect(parseBaggage(sent.baggage)['jwt.entries_proof']).toMatch(/^k1\./);
    expect(baggageOf(context)).toEqual(parseBaggage(sent.baggage));
    expect(getAuth(context)?.removedBaggageKeys).toEqual([]);
  });

  test('stays in the baggage when the subject changed, while the entries it came with are removed', () => {
    const sent = upstreamHeaders(keyed, mint({ tenant: 'acme' }));
    const context = downstream(keyed, `Bearer ${mint({ sub: 'bob' })}`, keyed, sent);
    expect(baggageOf(context)).toEqual({
      'jwt.subject_proof': parseBaggage(sent.baggage)['jwt.subject_proof'],
    });
    expect(getAuth(context)?.removedBaggageKeys).toEqual(['tenant.id']);
  });

  test('stays in the baggage when the token was dropped, so later hops still know the first subject', () => {
    const sent = upstreamHeaders(keyed, mint({ tenant: 'acme' }));
    const context = downstream(keyed, undefined, keyed, sent);
    expect(Object.keys(baggageOf(context))).toEqual(['jwt.subject_proof']);
    expect(getAuth(context)?.removalReason).toBe('no_verified_token');
  });
});

describe('an upstream proof is refused as invalid_proof', () => {
  function refused(service: TextMapPropagator, sent: Record<string, string>) {
    const context = extract(service, { ...sent, authorization: `Bearer ${mint()}` });
    expect(getAuth(context)).toMatchObject({
      subjectVerdict: 'no_upstream_proof',
      removalReason: 'invalid_proof',
    });
    expect(getAuth(context)?.removedBaggageKeys).toContain('jwt.subject_proof');
    expect(baggageOf(context)).not.toHaveProperty('jwt.subject_proof');
  }

  test('when replayed into another trace', () => {
    const sent = upstreamHeaders(keyed, mint());
    refused(keyed, { ...sent, traceparent: traceparentOf('4bf92f3577b34da6a3ce929d0e0e4736') });
  });

  test('when the request has no traceparent to bind it to', () => {
    const { traceparent: _dropped, ...sent } = upstreamHeaders(keyed, mint());
    refused(keyed, sent);
  });

  test('when a proof naming a key this service holds carries a tampered mac', () => {
    const sent = upstreamHeaders(keyed, mint());
    const proof = parseBaggage(sent.baggage)['jwt.subject_proof'] as string;
    const tampered = `${proof.slice(0, -1)}${proof.endsWith('A') ? 'B' : 'A'}`;
    refused(keyed, { ...sent, baggage: `jwt.subject_proof=${tampered}` });
  });
});

describe('an upstream proof is refused as unknown_proof_key', () => {
  function refused(service: TextMapPropagator, sent: Record<string, string>) {
    const context = extract(service, { ...sent, authorization: `Bearer ${mint()}` });
    expect(getAuth(context)).toMatchObject({
      subjectVerdict: 'no_upstream_proof',
      removalReason: 'unknown_proof_key',
    });
    expect(getAuth(context)?.removedBaggageKeys).toContain('jwt.subject_proof');
    expect(baggageOf(context)).not.toHaveProperty('jwt.subject_proof');
  }

  test('when an unkeyed (h1) proof reaches a keyed service', () => {
    const sent = upstreamHeaders(unkeyed, mint());
    expect(parseBaggage(sent.baggage)['jwt.subject_proof']).toMatch(/^h1\./);
    refused(keyed, sent);
  });

  test('when a keyed (k2) proof reaches an unkeyed service', () => {
    const sent = upstreamHeaders(keyed, mint());
    expect(parseBaggage(sent.baggage)['jwt.subject_proof']).toMatch(/^k2\./);
    refused(unkeyed, sent);
  });

  test('when it was made with another deployment key', () => {
    refused(keyed, upstreamHeaders(otherKey, mint()));
  });
});

describe('an unkeyed deployment', () => {
  test('judges the subject from an h1 proof but lets it vouch for no other auth entry', () => {
    const sent = upstreamHeaders(unkeyed, mint({ tenant: 'acme' }));
    const context = downstream(unkeyed, `Bearer ${mint()}`, unkeyed, sent);
    expect(getAuth(context)?.subjectVerdict).toBe('consistent');
    expect(getAuth(context)?.removedBaggageKeys).toEqual(['tenant.id']);
    expect(getAuth(context)?.removalReason).toBe('unkeyed_proof');
    expect(Object.keys(baggageOf(context))).toEqual(['jwt.subject_proof']);
  });
});
