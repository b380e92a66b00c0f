import { describe, expect, test } from 'vitest';
import {
  ConfigurationError,
  type IssuerConfig,
  type JwtTelemetryConfig,
  type TrustedIssuerConfig,
} from '../../src/index.js';
import { authStateOf } from '../../src/propagator/request-auth.js';
import { monolith, monolithClaims, pyjwtEncode } from '../support/self-issued-tokens.js';
import { AUDIENCE, extract, HMAC_KEY, ISSUER, KEY, mint, telemetry } from '../support/telemetry-fixtures.js';

// user.hash, user.id and the proof digest are made from the verifier's subject: the issuer's subjectClaim
// (oid for Entra ID, username for a PyJWT monolith), never from sub when another claim is configured.

const entra = (over: Partial<TrustedIssuerConfig> = {}): TrustedIssuerConfig => ({
  issuer: ISSUER,
  audience: AUDIENCE,
  subjectClaim: 'oid',
  keys: { type: 'static', keys: [{ type: 'jwk', jwk: KEY.publicJwk }] },
  ...over,
});
const service = (over: Partial<JwtTelemetryConfig> = {}, ...issuers: IssuerConfig[]) =>
  telemetry({ verifier: { issuers: issuers.length > 0 ? issuers : [entra(), monolith()] }, ...over })
    .propagator;
const entryOf = (propagator: ReturnType<typeof service>, token: string, via = 'authorization') => {
  const headers = via === 'cookie' ? { cookie: `jwt=${token}` } : { authorization: `Bearer ${token}` };
  const state = authStateOf(extract(propagator, headers));
  return { attributes: state?.entryAttributes ?? {}, digest: state?.subjectDigest };
};
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('a trusted issuer whose subjectClaim is oid', () => {
  const propagator = service();

  test('gives two tokens of one oid and different pairwise sub the same user.hash and proof digest', () => {
    const one = entryOf(propagator, mint({ sub: 'pairwise-app-1', oid: 'user-1' }));
    const two = entryOf(propagator, mint({ sub: 'pairwise-app-2', oid: 'user-1' }));
    expect(one.attributes['user.hash']).toMatch(/^[0-9a-f]{32}$/);
    expect(two.attributes['user.hash']).toBe(one.attributes['user.hash']);
    expect(two.digest).toBe(one.digest);
  });

  test('gives two tokens of one sub and different oid different user.hash and proof digests', () => {
    const one = entryOf(propagator, mint({ sub: 'same', oid: 'user-1' }));
    const two = entryOf(propagator, mint({ sub: 'same', oid: 'user-2' }));
    expect(two.attributes['user.hash']).not.toBe(one.attributes['user.hash']);
    expect(two.digest).not.toBe(one.digest);
  });

  test('writes the raw oid, not sub, as user.id with subject.onSpans raw', () => {
    const raw = service({ subject: { onSpans: 'raw' } });
    const { attributes } = entryOf(raw, mint({ sub: 'pairwise', oid: 'user-1' }));
    expect(attributes['user.id']).toBe('user-1');
    expect(attributes).not.toHaveProperty('user.hash');
  });

  test('writes no user.hash and no proof digest for a token with sub but no oid', () => {
    const { attributes, digest } = entryOf(propagator, mint({ sub: 'pairwise' }));
    expect(attributes).not.toHaveProperty('user.hash');
    expect(digest).toBeUndefined();
  });
});

describe('a self-issued issuer whose subjectClaim is username', () => {
  const propagator = service({ tokenSources: [{ type: 'cookie', name: 'jwt' }, { type: 'authorization' }] });

  test('names the issuer monolith and makes user.hash from username', () => {
    const { attributes, digest } = entryOf(propagator, pyjwtEncode(monolithClaims(nowSeconds())), 'cookie');
    expect(attributes['jwt.issuer']).toBe('monolith');
    expect(attributes['user.hash']).toMatch(/^[0-9a-f]{32}$/);
    expect(digest).toBeDefined();
  });

  test('digests the same name under another issuer apart: alice of the monolith is not alice of the IdP', () => {
    const ofMonolith = entryOf(propagator, pyjwtEncode(monolithClaims(nowSeconds())), 'cookie');
    const ofIdp = entryOf(propagator, mint({ oid: 'alice' }));
    expect(ofMonolith.attributes['user.hash']).not.toBe(ofIdp.attributes['user.hash']);
    expect(ofMonolith.digest).not.toBe(ofIdp.digest);
  });
});

describe('mapping a subject claim', () => {
  test.each([
    ['oid, the subjectClaim of a trusted issuer', { oid: 'user.oid' }],
    ['username, the subjectClaim of the self-issued issuer', { username: 'app.user' }],
  ])('is refused at start-up for %s: the subject appears only as the subject option says', (_, claims) => {
    expect(() => service({ claims })).toThrow(ConfigurationError);
    expect(() => service({ claims })).toThrow(
      /subjectClaim is not mapped; the subject is written as user.hash/,
    );
  });

  test('is allowed for oid when no issuer names its users by it', () => {
    const { subjectClaim: _, ...bySub } = entra();
    const propagator = service({ claims: { oid: 'user.oid' } }, bySub);
    expect(entryOf(propagator, mint({ oid: 'object-1' })).attributes['user.oid']).toBe('object-1');
  });

  test('is not checked against a verifier handed over already built, whose issuers are not known here', () => {
    const built = telemetry({ verifier: { issuers: [entra()] }, hmacKey: HMAC_KEY }).verifier;
    expect(() => telemetry({ verifier: built, claims: { oid: 'user.oid' } })).not.toThrow();
  });
});
