import { defaultTextMapGetter, propagation } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { getAuth } from '../../src/index.js';
import { authStateOf } from '../../src/propagator/request-auth.js';
import {
  baggageOf,
  extract,
  forge,
  mint,
  parseBaggage,
  remoteContext,
  TRACEPARENT,
  TRUSTED_ORIGIN,
  telemetry,
  upstreamHeaders,
} from '../support/telemetry-fixtures.js';

// Extract of the composite propagator and of the JWT propagator alone: verification, entry attributes,
// and the baggage trust boundary. Subject verdicts are in jwt-propagator-proof.test.ts, inject in
// jwt-propagator-inject.test.ts.

const jwt = telemetry({
  claims: { roles: 'user.roles', tenant: 'tenant.id' },
  protectedBaggageKeys: ['legacy.flag'],
  trustedDestinations: [TRUSTED_ORIGIN],
});
const ROLES = ['admin', 'reader'];

function bearer(token: string): string {
  return `Bearer ${token}`;
}

describe('extract of a valid token through the composite propagator', () => {
  const context = extract(jwt.propagator, {
    traceparent: TRACEPARENT,
    authorization: bearer(mint({ roles: ROLES, tenant: 'acme', jti: 'token-1' })),
  });

  test('getAuth gives the valid result with the verified claims', () => {
    const auth = getAuth(context);
    expect(auth?.result.status).toBe('valid');
    expect(auth?.result.status === 'valid' && auth.result.claims).toMatchObject({
      sub: 'alice',
      tenant: 'acme',
    });
    expect(auth?.removedBaggageKeys).toEqual([]);
    expect(auth?.removalReason).toBeUndefined();
  });

  test('entry attributes name the result, issuer, token id, pseudonymous subject and mapped claims', () => {
    const attributes = authStateOf(context)?.entryAttributes ?? {};
    expect(attributes).toMatchObject({
      'jwt.result': 'valid',
      'jwt.issuer': 'https://idp.test',
      'jwt.token_id': 'token-1',
      'jwt.subject.verdict': 'no_upstream_proof',
      'user.roles': ROLES,
      'tenant.id': 'acme',
    });
    expect(attributes['user.hash']).toMatch(/^[0-9a-f]{32}$/);
    expect(attributes).not.toHaveProperty('user.id');
    expect(attributes).not.toHaveProperty('jwt.error_code');
  });

  test('mapped claims become baggage entries and the subject stays out of baggage', () => {
    expect(baggageOf(context)).toEqual({ 'user.roles': 'admin,reader', 'tenant.id': 'acme' });
  });
});

describe('extract of a refused or absent token', () => {
  test.each([
    { name: 'no Authorization header is absent', headers: {}, attributes: { 'jwt.result': 'absent' } },
    {
      name: 'a signature by an unknown key is invalid_signature',
      headers: { authorization: bearer(forge({ roles: ROLES })) },
      attributes: { 'jwt.result': 'invalid', 'jwt.error_code': 'invalid_signature' },
    },
    {
      name: 'an expired token is expired',
      headers: { authorization: bearer(mint({ roles: ROLES, exp: Math.floor(Date.now() / 1000) - 3600 })) },
      attributes: { 'jwt.result': 'invalid', 'jwt.error_code': 'expired' },
    },
    {
      name: 'a Bearer header without a token is malformed_authorization',
      headers: { authorization: 'Bearer ' },
      attributes: { 'jwt.result': 'invalid', 'jwt.error_code': 'malformed_authorization' },
    },
  ])('$name, with no claim on the entry span and none in baggage', ({ headers, attributes }) => {
    const context = extract(jwt.propagator, { traceparent: TRACEPARENT, ...headers });
    expect(authStateOf(context)?.entryAttributes).toEqual(attributes);
    expect(getAuth(context)?.subjectVerdict).toBeUndefined();
    expect(baggageOf(context)).toEqual({});
  });
});

const FORGED = 'user.roles=admin,user.id=root,jwt.result=valid,tenant.id=victim,legacy.flag=on,color=blue';
const FORGED_KEYS = ['user.roles', 'user.id', 'jwt.result', 'tenant.id', 'legacy.flag'];
const alicesProof = upstreamHeaders(jwt.propagator, mint()).baggage;
/** The id of the service's hmacKey, as its proofs carry it: a forgery names it to be checked at all. */
const keyId = parseBaggage(alicesProof)['jwt.subject_proof']?.split('.')[1];

describe('forged inbound auth baggage is removed with the reason recorded', () => {
  test.each([
    { name: 'no token: no_verified_token', token: undefined, proof: '', reason: 'no_verified_token' },
    {
      name: 'a token that did not verify: no_verified_token',
      token: forge({ roles: ['reader'] }),
      proof: '',
      reason: 'no_verified_token',
    },
    { name: 'a valid token without proof: missing_proof', token: mint(), proof: '', reason: 'missing_proof' },
    {
      name: 'a valid token with a forged proof: invalid_proof',
      token: mint(),
      proof: `,jwt.subject_proof=k2.${keyId}.${'A'.repeat(22)}.${'B'.repeat(22)}`,
      reason: 'invalid_proof',
    },
    {
      name: "a valid token of another subject than the proof's: subject_mismatch",
      token: mint({ sub: 'bob' }),
      proof: `,${alicesProof}`,
      reason: 'subject_mismatch',
    },
  ])('$name', ({ token, proof, reason }) => {
    const headers: Record<string, string> = { traceparent: TRACEPARENT, baggage: FORGED + proof };
    if (token !== undefined) headers.authorization = bearer(token);
    const context = extract(jwt.propagator, headers);
    const removed = reason === 'invalid_proof' ? [...FORGED_KEYS, 'jwt.subject_proof'] : FORGED_KEYS;
    expect(getAuth(context)).toMatchObject({ removedBaggageKeys: removed, removalReason: reason });
    expect(authStateOf(context)?.entryAttributes).toMatchObject({
      'jwt.baggage.removed': removed,
      'jwt.baggage.removal_reason': reason,
    });
    const left = baggageOf(context);
    expect(left.color).toBe('blue');
    for (const key of FORGED_KEYS) expect(left[key]).toBeUndefined();
  });

  test("a verified token's own entries come before the inbound ones, never the forged values", () => {
    const context = extract(jwt.propagator, {
      traceparent: TRACEPARENT,
      authorization: bearer(mint({ roles: ['reader'], tenant: 'acme' })),
      baggage: FORGED,
    });
    expect(Object.entries(baggageOf(context))).toEqual([
      ['user.roles', 'reader'],
      ['tenant.id', 'acme'],
      ['color', 'blue'],
    ]);
  });

  test('percent-encoded and padded spellings of auth keys are removed like the plain ones', () => {
    const context = extract(jwt.propagator, {
      traceparent: TRACEPARENT,
      baggage: 'user%2Eroles=admin, jwt%2Ex = 1',
    });
    expect(getAuth(context)?.removedBaggageKeys).toEqual(['user.roles', 'jwt.x']);
    expect(baggageOf(context)).toEqual({});
  });

  test('non-auth baggage entries keep their value and metadata', () => {
    const context = extract(jwt.propagator, {
      traceparent: TRACEPARENT,
      baggage: 'color=blue;ttl=5,user.roles=admin,size=xl',
    });
    const baggage = propagation.getBaggage(context);
    expect(baggage?.getEntry('color')?.metadata?.toString()).toBe('ttl=5');
    expect(baggageOf(context)).toEqual({ color: 'blue', size: 'xl' });
  });

  test('baggage without auth entries records no removal and stays the same object', () => {
    const before = remoteContext({ color: 'blue' });
    const context = jwt.jwtPropagator.extract(before, {}, defaultTextMapGetter);
    expect(propagation.getBaggage(context)).toBe(propagation.getBaggage(before));
    expect(authStateOf(context)?.entryAttributes).not.toHaveProperty('jwt.baggage.removed');
  });
});

describe('extract through jwt.jwtPropagator alone', () => {
  test('removes forged auth entries from the baggage already in the context', () => {
    const before = remoteContext({ 'user.roles': 'admin', 'legacy.flag': 'on', color: 'blue' });
    const context = jwt.jwtPropagator.extract(before, {}, defaultTextMapGetter);
    expect(baggageOf(context)).toEqual({ color: 'blue' });
    expect(getAuth(context)).toMatchObject({
      result: { status: 'absent' },
      removedBaggageKeys: ['user.roles', 'legacy.flag'],
      removalReason: 'no_verified_token',
    });
  });

  test('verifies the token and adds its mapped claims to a context without baggage', () => {
    const carrier = { authorization: bearer(mint({ roles: ['reader'] })) };
    const context = jwt.jwtPropagator.extract(remoteContext(), carrier, defaultTextMapGetter);
    expect(getAuth(context)?.result.status).toBe('valid');
    expect(baggageOf(context)).toEqual({ 'user.roles': 'reader' });
  });

  test('judges an upstream proof against the trace id of the context it is given', () => {
    const sent = parseBaggage(upstreamHeaders(jwt.propagator, mint({ tenant: 'acme' })).baggage);
    const context = jwt.jwtPropagator.extract(
      remoteContext(sent),
      { authorization: bearer(mint()) },
      defaultTextMapGetter,
    );
    expect(getAuth(context)?.subjectVerdict).toBe('consistent');
    expect(baggageOf(context)).toEqual({
      'jwt.subject_proof': sent['jwt.subject_proof'],
      'jwt.entries_proof': sent['jwt.entries_proof'],
      'tenant.id': 'acme',
    });
    const elsewhere = remoteContext(sent, '4bf92f3577b34da6a3ce929d0e0e4736');
    const replayed = jwt.jwtPropagator.extract(
      elsewhere,
      { authorization: bearer(mint()) },
      defaultTextMapGetter,
    );
    expect(getAuth(replayed)?.subjectVerdict).toBe('no_upstream_proof');
    expect(baggageOf(replayed)).toEqual({});
  });

  test('reads the token through the getter it is given', () => {
    const token = mint();
    const asked: string[] = [];
    const getter = {
      keys: () => ['x-auth'],
      get: (_carrier: unknown, key: string) => {
        asked.push(key);
        return key === 'authorization' ? bearer(token) : undefined;
      },
    };
    const context = jwt.jwtPropagator.extract(remoteContext(), null, getter);
    expect(asked).toContain('authorization');
    expect(getAuth(context)?.result.status).toBe('valid');
  });
});
