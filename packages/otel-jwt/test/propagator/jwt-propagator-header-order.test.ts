import { describe, expect, test } from 'vitest';
import { getAuth } from '../../src/index.js';
import {
  baggageOf,
  extract,
  injectTo,
  memberKeys,
  mint,
  parseBaggage,
  TRACEPARENT,
  TRUSTED_ORIGIN,
  TRUSTED_URL,
  telemetry,
} from '../support/telemetry-fixtures.js';

// Review finding H1: baggage keys that look like numbers come first in the baggage's key order, so the
// stock propagator serialises a client's 180 numeric entries before anything else and the W3C limits
// (180 members, 8,192 characters) would drop the auth part. Inject to a trusted destination puts the
// subject proof, the entries proof and the hop's own entries first.

const jwt = telemetry({
  claims: { roles: 'user.roles', tenant: 'tenant.id' },
  trustedDestinations: [TRUSTED_ORIGIN],
});
/** 180 members `0=vvv…` to `179=vvv…`: about 8 KB, every member the stock limits allow. */
const NUMERIC = Array.from({ length: 180 }, (_, index) => `${index}=${'v'.repeat(40)}`).join(',');
const HEAD = ['jwt.subject_proof', 'jwt.entries_proof', 'user.roles', 'tenant.id'];

function firstHop(token: string): Record<string, string> {
  const context = extract(jwt.propagator, {
    traceparent: TRACEPARENT,
    authorization: `Bearer ${token}`,
    baggage: NUMERIC,
  });
  return injectTo(jwt.propagator, context, TRUSTED_URL);
}

describe('a client flooding the first hop with numeric baggage keys', () => {
  test('the flood is as large as the W3C limits allow', () => {
    expect(NUMERIC.length).toBeGreaterThan(7_500);
    expect(NUMERIC.length).toBeLessThanOrEqual(8_192);
  });

  test('the trusted destination still gets the subject proof, the entries proof and the claims first', () => {
    const sent = firstHop(mint({ roles: ['reader'], tenant: 'acme' }));
    const members = memberKeys(sent.baggage);
    expect(memberKeys(sent.baggage).slice(0, 4)).toEqual(HEAD);
    expect(parseBaggage(sent.baggage)).toMatchObject({ 'user.roles': 'reader', 'tenant.id': 'acme' });
    expect(members.length).toBeLessThanOrEqual(180);
    expect(sent.baggage?.length).toBeLessThanOrEqual(8_192);
    expect(members.length).toBeGreaterThan(150);
    expect(members.slice(4, 6)).toEqual(['0', '1']);
  });

  test('a downstream hop with another subject still reports changed', () => {
    const context = extract(jwt.propagator, {
      ...firstHop(mint()),
      authorization: `Bearer ${mint({ sub: 'bob' })}`,
    });
    expect(getAuth(context)?.subjectVerdict).toBe('changed');
  });

  test('a downstream hop with the same subject keeps the vouched claims despite the flood', () => {
    const sent = firstHop(mint({ roles: ['reader'], tenant: 'acme' }));
    const context = extract(jwt.propagator, { ...sent, authorization: `Bearer ${mint()}` });
    expect(getAuth(context)).toMatchObject({ subjectVerdict: 'consistent', removedBaggageKeys: [] });
    expect(baggageOf(context)).toMatchObject({ 'user.roles': 'reader', 'tenant.id': 'acme' });
  });

  test('the next trusted hop sends the auth part first again', () => {
    const sent = firstHop(mint({ roles: ['reader'], tenant: 'acme' }));
    const context = extract(jwt.propagator, { ...sent, authorization: `Bearer ${mint()}` });
    const next = injectTo(jwt.propagator, context, TRUSTED_URL);
    expect(memberKeys(next.baggage).slice(0, 4)).toEqual(HEAD);
  });
});
