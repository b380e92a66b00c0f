import { describe, expect, test } from 'vitest';
import { getAuth, type IssuerConfig, type JwtTelemetryConfig } from '../../src/index.js';
import { authStateOf } from '../../src/propagator/request-auth.js';
import { monolith, monolithClaims, pyjwtEncode } from '../support/self-issued-tokens.js';
import {
  AUDIENCE,
  baggageOf,
  extract,
  ISSUER,
  injectTo,
  KEY,
  mint,
  TRACEPARENT,
  TRUSTED_ORIGIN,
  TRUSTED_URL,
  telemetry,
  upstreamHeaders,
} from '../support/telemetry-fixtures.js';

// The subject verdict across hops made from each issuer's subject claim, and the self-issued tokens of a
// monolith read from its `jwt` cookie with the Authorization header as fallback.

const idp = (subjectClaim?: string): IssuerConfig => ({
  issuer: ISSUER,
  audience: AUDIENCE,
  ...(subjectClaim === undefined ? {} : { subjectClaim }),
  keys: { type: 'static', keys: [{ type: 'jwk', jwk: KEY.publicJwk }] },
});
const service = (issuers: IssuerConfig[], over: Partial<JwtTelemetryConfig> = {}) =>
  telemetry({ verifier: { issuers }, trustedDestinations: [TRUSTED_ORIGIN], ...over }).propagator;

/** The verdict of a downstream hop given `second`, after an upstream hop of the same service verified `first`. */
function verdictAfter(propagator: ReturnType<typeof service>, first: string, second: string) {
  const sent = upstreamHeaders(propagator, first);
  return getAuth(extract(propagator, { ...sent, authorization: `Bearer ${second}` }))?.subjectVerdict;
}

describe('hops whose tokens carry different pairwise sub and the same oid (Entra ID)', () => {
  const first = mint({ sub: 'pairwise-for-a', oid: 'user-1' });
  const second = mint({ sub: 'pairwise-for-b', oid: 'user-1' });

  test('are consistent with subjectClaim oid', () => {
    expect(verdictAfter(service([idp('oid')]), first, second)).toBe('consistent');
  });

  test('are changed with the default subject claim sub (the control)', () => {
    expect(verdictAfter(service([idp()]), first, second)).toBe('changed');
  });

  test('are changed with subjectClaim oid when the oid differs', () => {
    expect(verdictAfter(service([idp('oid')]), first, mint({ sub: 'pairwise-for-a', oid: 'user-2' }))).toBe(
      'changed',
    );
  });

  test('are consistent with subjectClaim oid while a hop checks a proof made with the other hmacKey of a rotation', () => {
    const NEXT = 'rotation-next-key-0123456789abcdefghijk';
    const upstream = service([idp('oid')], { hmacKey: NEXT });
    const downstream = service([idp('oid')], { hmacKey: ['k'.repeat(40), NEXT] });
    const sent = upstreamHeaders(upstream, first);
    const auth = getAuth(extract(downstream, { ...sent, authorization: `Bearer ${second}` }));
    expect(auth?.subjectVerdict).toBe('consistent');
  });
});

describe('a monolith’s PyJWT tokens in the jwt cookie, the Authorization header as fallback', () => {
  const sources: JwtTelemetryConfig['tokenSources'] = [
    { type: 'cookie', name: 'jwt' },
    { type: 'authorization' },
  ];
  const propagator = service([idp(), monolith()], { tokenSources: sources, claims: { role: 'user.role' } });
  const now = () => Math.floor(Date.now() / 1000);
  const token = pyjwtEncode(monolithClaims(now()));

  test.each([
    ['the cookie alone', { cookie: `theme=dark; jwt=${token}` }],
    ['the Authorization header alone', { authorization: `Bearer ${token}` }],
    ['the same token in both', { cookie: `jwt=${token}`, authorization: `Bearer ${token}` }],
  ])('verifies a token in %s', (_, headers) => {
    const context = extract(propagator, { traceparent: TRACEPARENT, ...headers });
    expect(getAuth(context)?.result).toMatchObject({ status: 'valid', issuer: 'monolith', subject: 'alice' });
    expect(authStateOf(context)?.entryAttributes['user.role']).toBe('admin');
  });

  test('refuses two different tokens, one in the cookie and one in the header, as multiple_tokens', () => {
    const other = pyjwtEncode(monolithClaims(now(), { username: 'bob' }));
    const context = extract(propagator, { cookie: `jwt=${token}`, authorization: `Bearer ${other}` });
    expect(getAuth(context)?.result).toEqual({ status: 'invalid', code: 'multiple_tokens' });
  });

  test('sends role in baggage and checks username across hops: consistent, then changed for another user', () => {
    const sent = injectTo(
      propagator,
      extract(propagator, { traceparent: TRACEPARENT, cookie: `jwt=${token}` }),
      TRUSTED_URL,
    );
    const same = extract(propagator, {
      ...sent,
      authorization: `Bearer ${pyjwtEncode(monolithClaims(now()))}`,
    });
    expect(getAuth(same)?.subjectVerdict).toBe('consistent');
    expect(baggageOf(same)['user.role']).toBe('admin');
    const bob = pyjwtEncode(monolithClaims(now(), { username: 'bob', role: 'admin' }));
    expect(getAuth(extract(propagator, { ...sent, authorization: `Bearer ${bob}` }))?.subjectVerdict).toBe(
      'changed',
    );
  });
});
