import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createJwtVerifier, type IssuerConfig, type JwtVerifier } from '../../src/index.js';
import { b64, signClaims } from '../support/forge.js';
import { monolith, monolithClaims, pyjwtEncode } from '../support/self-issued-tokens.js';
import { makeTestKeys } from '../support/test-keys.js';

// Which issuer judges a token: a string `iss` picks the trusted issuer of that `iss` (or none); only a token
// without an `iss` member goes to the self-issued issuer. Then the self-issued kind's own rules.

const NOW = 1_900_000_000;
const IDP = 'https://idp.test';
const keys = makeTestKeys();
const trusted: IssuerConfig = {
  issuer: IDP,
  audience: 'orders',
  subjectClaim: 'oid',
  keys: { type: 'static', keys: [{ type: 'jwk', jwk: keys.ES256.publicJwk }] },
};
const code = (result: ReturnType<JwtVerifier['verify']>) =>
  result.status === 'valid' ? 'valid' : result.code;

let verifiers: JwtVerifier[] = [];
const verifierOf = (...issuers: IssuerConfig[]) => {
  const verifier = createJwtVerifier({ issuers });
  verifiers.push(verifier);
  return verifier;
};
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW * 1000);
});
afterEach(() => {
  for (const verifier of verifiers) verifier.close();
  verifiers = [];
  vi.useRealTimers();
});

describe('routing by iss', () => {
  test('verifies a PyJWT token without iss against the self-issued issuer, naming it by its name', () => {
    const result = verifierOf(trusted, monolith()).verify(pyjwtEncode(monolithClaims(NOW)));
    expect(result).toMatchObject({
      status: 'valid',
      form: 'jws',
      issuer: 'monolith',
      subject: 'alice',
      keyId: undefined,
      header: { alg: 'HS256', typ: 'JWT' },
      claims: { username: 'alice', role: 'admin' },
    });
    expect(result.status === 'valid' && result.claims.iss).toBeUndefined();
  });

  test('refuses a self-issued-shaped token with an iss no issuer has as unknown_issuer, though the secret signed it', () => {
    const token = pyjwtEncode(monolithClaims(NOW, { iss: 'https://elsewhere.test' }));
    expect(code(verifierOf(trusted, monolith()).verify(token))).toBe('unknown_issuer');
  });

  test('refuses a token whose iss is the self-issued name as unknown_issuer: the name is never compared with a claim', () => {
    const token = pyjwtEncode(monolithClaims(NOW, { iss: 'monolith' }));
    expect(code(verifierOf(trusted, monolith()).verify(token))).toBe('unknown_issuer');
  });

  test('judges a secret-signed token naming a trusted iss by that issuer alone, which refuses its HS256 (alg_not_allowed)', () => {
    const token = pyjwtEncode(monolithClaims(NOW, { iss: IDP, aud: 'orders' }));
    expect(code(verifierOf(trusted, monolith()).verify(token))).toBe('alg_not_allowed');
  });

  test('refuses a token without iss as unknown_issuer when no self-issued issuer is configured', () => {
    expect(code(verifierOf(trusted).verify(pyjwtEncode(monolithClaims(NOW))))).toBe('unknown_issuer');
  });

  test.each([
    ['null', null],
    ['a number', 42],
    ['an array', [IDP]],
    ['an object', { iss: IDP }],
    ['true', true],
  ])(
    'refuses a token whose iss is %s as unknown_issuer, never routing it to the self-issued issuer',
    (_, iss) => {
      const token = pyjwtEncode(monolithClaims(NOW, { iss }));
      expect(code(verifierOf(trusted, monolith()).verify(token))).toBe('unknown_issuer');
    },
  );

  test('refuses a token whose iss is the empty string as unknown_issuer', () => {
    const token = pyjwtEncode(monolithClaims(NOW, { iss: '' }));
    expect(code(verifierOf(trusted, monolith()).verify(token))).toBe('unknown_issuer');
  });

  test('refuses a token with two iss members, one of them the trusted issuer, as duplicate_member', () => {
    const payload = `{"username":"alice","exp":${NOW + 60},"iss":"${IDP}","iss":"x"}`;
    const input = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(payload)}`;
    const token = `${input}.${pyjwtEncode({}).split('.')[2]}`;
    expect(code(verifierOf(trusted, monolith()).verify(token))).toBe('duplicate_member');
  });

  test('gives a trusted issuer the subject of its own subject claim (oid), not sub', () => {
    const token = signClaims(keys.ES256, {
      iss: IDP,
      aud: 'orders',
      exp: NOW + 60,
      sub: 'pairwise',
      oid: 'u-1',
    });
    expect(verifierOf(trusted, monolith()).verify(token)).toMatchObject({
      status: 'valid',
      issuer: IDP,
      subject: 'u-1',
      keyId: keys.ES256.kid,
    });
  });
});

describe('the self-issued kind', () => {
  test('requires exp (missing_claim), as every issuer does', () => {
    const { exp: _, ...claims } = monolithClaims(NOW);
    expect(code(verifierOf(monolith()).verify(pyjwtEncode(claims)))).toBe('missing_claim');
  });

  test('refuses an expired token', () => {
    const token = pyjwtEncode(monolithClaims(NOW - 7200));
    expect(code(verifierOf(monolith()).verify(token))).toBe('expired');
  });

  test('does not check aud without audiences, even a malformed one (as jose without an audience option)', () => {
    const token = pyjwtEncode(monolithClaims(NOW, { aud: 42 }));
    expect(code(verifierOf(monolith()).verify(token))).toBe('valid');
  });

  test.each([
    ['without aud', {}, 'missing_claim'],
    ['naming another audience', { aud: 'billing' }, 'audience_mismatch'],
    ['naming its audience', { aud: ['billing', 'shop'] }, 'valid'],
  ])('with audiences configured, judges a token %s: %s', (_, extra, expected) => {
    const verifier = verifierOf(monolith({ audience: 'shop' }));
    expect(code(verifier.verify(pyjwtEncode(monolithClaims(NOW, extra))))).toBe(expected);
  });

  test('refuses a token signed with another secret as invalid_signature', () => {
    const token = pyjwtEncode(monolithClaims(NOW), randomBytes(32).toString('base64url'));
    expect(code(verifierOf(monolith()).verify(token))).toBe('invalid_signature');
  });

  test('refuses alg none, and an HMAC algorithm it holds no secret for, as alg_not_allowed', () => {
    const none = `${b64('{"alg":"none","typ":"JWT"}')}.${b64(JSON.stringify(monolithClaims(NOW)))}.`;
    const verifier = verifierOf(monolith());
    expect(code(verifier.verify(none))).toBe('alg_not_allowed');
    const hs384 = pyjwtEncode(monolithClaims(NOW), randomBytes(48), 'HS384');
    expect(code(verifier.verify(hs384))).toBe('alg_not_allowed');
  });

  test('refuses a username that is not a string as invalid_claim (the subject claim must be a string)', () => {
    const token = pyjwtEncode(monolithClaims(NOW, { username: 1001 }));
    expect(code(verifierOf(monolith()).verify(token))).toBe('invalid_claim');
  });

  test('verifies a token whose username is too long to be a subject, with no subject', () => {
    const token = pyjwtEncode(monolithClaims(NOW, { username: 'u'.repeat(1025) }));
    expect(verifierOf(monolith()).verify(token)).toMatchObject({ status: 'valid', subject: undefined });
  });

  test('picks the secret by kid when there are several, refusing a kid it does not hold as unknown_key', () => {
    const old = randomBytes(32);
    const current = randomBytes(32);
    const verifier = verifierOf(
      monolith({
        secrets: [
          { secret: old, alg: 'HS256', kid: 'old' },
          { secret: current, alg: 'HS256', kid: 'current' },
        ],
      }),
    );
    const claims = monolithClaims(NOW);
    expect(verifier.verify(pyjwtEncode(claims, old, 'HS256', { kid: 'old' }))).toMatchObject({
      keyId: 'old',
    });
    expect(verifier.verify(pyjwtEncode(claims, current, 'HS256', { kid: 'current' }))).toMatchObject({
      keyId: 'current',
    });
    expect(code(verifier.verify(pyjwtEncode(claims, current, 'HS256', { kid: 'old' })))).toBe(
      'invalid_signature',
    );
    expect(code(verifier.verify(pyjwtEncode(claims, current, 'HS256', { kid: 'next' })))).toBe('unknown_key');
    expect(code(verifier.verify(pyjwtEncode(claims, current)))).toBe('kid_required');
  });

  test('serves a repeated self-issued token from the cache as the same result', () => {
    const verifier = verifierOf(monolith());
    const token = pyjwtEncode(monolithClaims(NOW));
    expect(verifier.verify(token)).toBe(verifier.verify(token));
  });

  test('gives the admission step the verdict the synchronous verify gives', async () => {
    const verifier = verifierOf(monolith({ subjectClaim: 'username' }));
    const token = pyjwtEncode(monolithClaims(NOW, { username: 'bob' }));
    await verifier.admit?.(token);
    expect(verifier.verify(token)).toMatchObject({ status: 'valid', issuer: 'monolith', subject: 'bob' });
    const forged = pyjwtEncode(monolithClaims(NOW), randomBytes(32));
    await verifier.admit?.(forged);
    expect(code(verifier.verify(forged))).toBe('invalid_signature');
  });
});
