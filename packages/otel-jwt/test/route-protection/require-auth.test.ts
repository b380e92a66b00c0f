import { diag } from '@opentelemetry/api';
import { afterEach, describe, expect, test } from 'vitest';
import { type RequestAuth, requireAuth } from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { unverified } from '../../src/verifier/verify-result.js';
import { signClaims } from '../support/forge.js';
import { AUDIENCE, forge, ISSUER, KEY, mint } from '../support/telemetry-fixtures.js';
import { authOf, JSON_TYPE, refused, warnings, withToken } from './guard-fixtures.js';

/** A token of the test issuer under a key id its static keys do not hold. */
function unknownKey(): string {
  const now = Math.floor(Date.now() / 1000);
  return signClaims(
    { ...KEY, kid: 'gone' },
    { iss: ISSUER, aud: AUDIENCE, sub: 'alice', iat: now, exp: now + 600 },
  );
}

afterEach(() => {
  seenTokens.clear();
  diag.disable();
});

describe('requireAuth: the token itself', () => {
  const guard = requireAuth({ realm: 'orders' });

  test('a token that verified is allowed, with its result', () => {
    const auth = withToken(mint()) as RequestAuth;
    expect(guard(auth)).toEqual({ allowed: true, result: auth.result });
  });

  test('no token is 401 with a challenge that has a realm and no error (RFC 6750 §3.1)', () => {
    expect(refused(guard(authOf({})))).toEqual({
      allowed: false,
      reason: 'no_token',
      statusCode: 401,
      headers: { 'content-type': JSON_TYPE, 'www-authenticate': 'Bearer realm="orders"' },
      body: '{"error":"unauthorized"}',
    });
  });

  test('an Authorization header of another scheme is no token: 401 without error', () => {
    expect(refused(guard(authOf({ authorization: 'Basic YWxpY2U6c2VjcmV0' }))).reason).toBe('no_token');
  });

  test('without a realm the challenge of a request without token is the bare scheme', () => {
    expect(refused(requireAuth()(authOf({}))).headers['www-authenticate']).toBe('Bearer');
  });

  test.each([
    ['a forged signature', () => forge()],
    ['an expired token', () => mint({ exp: Math.floor(Date.now() / 1000) - 600 })],
    ['a token of another audience', () => mint({ aud: 'billing' })],
    ['a key id the issuer does not have (unverified / unknown_key)', unknownKey],
  ])('%s is 401 invalid_token', (_name, token) => {
    expect(refused(guard(withToken(token())))).toEqual({
      allowed: false,
      reason: 'invalid_token',
      statusCode: 401,
      headers: {
        'content-type': JSON_TYPE,
        'www-authenticate':
          'Bearer realm="orders", error="invalid_token", error_description="The access token is not valid"',
      },
      body: '{"error":"invalid_token"}',
    });
  });

  test('an unknown key id reaches the guard as unverified / unknown_key', () => {
    expect(withToken(unknownKey())?.result).toEqual(unverified('unknown_key'));
  });

  test.each([
    ['repeated Authorization headers (multiple_tokens)', { authorization: [`Bearer ${mint()}`, 'Bearer x'] }],
    ['a Bearer header without a token (malformed_authorization)', { authorization: 'Bearer' }],
    ['a Bearer header with two tokens (malformed_authorization)', { authorization: 'Bearer a b' }],
  ])('%s is 400 invalid_request', (_name, headers) => {
    expect(refused(guard(authOf(headers)))).toEqual({
      allowed: false,
      reason: 'invalid_request',
      statusCode: 400,
      headers: {
        'content-type': JSON_TYPE,
        'www-authenticate':
          'Bearer realm="orders", error="invalid_request", error_description="The request must carry one well-formed Bearer token"',
      },
      body: '{"error":"invalid_request"}',
    });
  });

  test('keys that are not loaded are 503 with Retry-After and no challenge: an outage, not a bad token', () => {
    const auth: RequestAuth = {
      result: unverified('keys_unavailable'),
      subjectVerdict: undefined,
      removedBaggageKeys: [],
      removalReason: undefined,
    };
    expect(refused(guard(auth))).toEqual({
      allowed: false,
      reason: 'keys_unavailable',
      statusCode: 503,
      headers: { 'content-type': JSON_TYPE, 'retry-after': '30' },
      body: '{"error":"temporarily_unavailable"}',
    });
    expect(refused(requireAuth({ retryAfterSeconds: 5 })(auth)).headers['retry-after']).toBe('5');
  });

  test('a refusal is one frozen object per reason, the same for every request', () => {
    const first = refused(guard(withToken(forge())));
    expect(refused(guard(withToken(forge({ sub: 'bob' }))))).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.headers)).toBe(true);
  });
});

describe('requireAuth: no otel-jwt propagator ran', () => {
  test('getAuth gave undefined: 500 without a challenge, never allowed', () => {
    warnings();
    expect(refused(requireAuth({ realm: 'orders' })(undefined))).toEqual({
      allowed: false,
      reason: 'not_instrumented',
      statusCode: 500,
      headers: { 'content-type': JSON_TYPE },
      body: '{"error":"server_error"}',
    });
  });

  test('the misconfiguration is reported once per guard, saying what to register', () => {
    const logged = warnings();
    const guard = requireAuth();
    guard(undefined);
    guard(undefined);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/requireAuth found no otel-jwt state.*answers 500/);
    expect(logged[0]).toMatch(/textMapPropagator.*HttpInstrumentation.*httpInstrumentationConfig/);
  });
});
