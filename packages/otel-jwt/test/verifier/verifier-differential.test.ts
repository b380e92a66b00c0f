import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ConfigurationError, createJwtVerifier, type JwtVerifier } from '../../src/index.js';
import { buildCatalogue } from '../support/attack-catalogue.js';
import { joseAccepts, type SharedPolicy, verifierFor } from '../support/differential.js';
import { b64, signClaims } from '../support/forge.js';
import { makeTestKeys, type TestKey } from '../support/test-keys.js';
import { forgeExponentOneToken, rsaJwkWithExponent } from '../support/weak-rsa.js';

const NOW_SECONDS = 1_900_000_000;
const now = new Date(NOW_SECONDS * 1000);
const keys = makeTestKeys();
const policy: SharedPolicy = {
  issuer: 'https://idp.test',
  audience: ['orders'],
  algorithms: ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'],
  jwks: Object.values(keys).map((k) => k.publicJwk),
  acceptedTypes: ['JWT', 'at+jwt'],
  clockToleranceSeconds: 30,
  requiredClaims: [],
};
const catalogue = buildCatalogue({
  keys,
  issuer: policy.issuer,
  audience: 'orders',
  nowSeconds: NOW_SECONDS,
});

describe('attack catalogue: the synchronous verdict agrees with jose.jwtVerify', () => {
  let verifier: JwtVerifier;
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    verifier = verifierFor(policy);
  });
  afterAll(() => {
    verifier.close();
    vi.useRealTimers();
  });

  test.each(catalogue.map((c) => [c.name, c] as const))('%s', async (_name, attack) => {
    const token = await attack.token();
    const ours = verifier.verify(token);
    expect(ours.status === 'valid' ? 'valid' : ours.code).toBe(attack.expected);
    const jose = await joseAccepts(token, policy, now);
    if (attack.stricterRule !== undefined) {
      // A stricter rule is only a rule if jose really accepts what it refuses.
      expect(jose, attack.stricterRule).toBe(true);
    } else {
      expect(jose).toBe(ours.status === 'valid');
    }
  });
});

describe('weak keys', () => {
  const claims = { iss: policy.issuer, aud: 'orders', exp: NOW_SECONDS + 300 };

  test('refuses to hold a 1024-bit RSA key, which jose also refuses to verify with', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const key: TestKey = {
      alg: 'RS256',
      kid: 'weak-1',
      signingKey: weak.privateKey,
      publicJwk: { ...weak.publicKey.export({ format: 'jwk' }), kid: 'weak-1', alg: 'RS256' },
    };
    const weakPolicy: SharedPolicy = { ...policy, jwks: [key.publicJwk], algorithms: ['RS256'] };
    expect(() => verifierFor(weakPolicy)).toThrow(ConfigurationError);
    expect(() => verifierFor(weakPolicy)).toThrow(/at least 2048 bits/);
    expect(await joseAccepts(signClaims(key, claims), weakPolicy, now)).toBe(false);
  });

  test('refuses an HS256 secret shorter than the hash output, which jose would accept (stricter: HMAC secrets at least as long as the hash)', async () => {
    const short = createSecretKey(randomBytes(16));
    const key: TestKey = {
      alg: 'HS256',
      kid: 'short-1',
      signingKey: short,
      publicJwk: { ...short.export({ format: 'jwk' }), kid: 'short-1', alg: 'HS256' },
    };
    const shortPolicy: SharedPolicy = { ...policy, jwks: [key.publicJwk], algorithms: ['HS256'] };
    expect(() => verifierFor(shortPolicy)).toThrow(/at least 32 bytes/);
    expect(await joseAccepts(signClaims(key, claims), shortPolicy, now)).toBe(true);
  });
});

describe('weak RSA exponents', () => {
  test('refuses to hold an RSA key of exponent 1, under which jose accepts a token forged without any private key (stricter: RSA exponents odd and at least 3)', async () => {
    const jwk = rsaJwkWithExponent(1n, { kid: 'e1', alg: 'RS256' });
    const forged = forgeExponentOneToken(
      { alg: 'RS256', kid: 'e1' },
      { iss: policy.issuer, aud: 'orders', exp: NOW_SECONDS + 300 },
    );
    const weakPolicy: SharedPolicy = { ...policy, jwks: [jwk], algorithms: ['RS256'] };
    expect(() => verifierFor(weakPolicy)).toThrow(/odd public exponent of at least 3/);
    expect(await joseAccepts(forged, weakPolicy, now)).toBe(true);
  });
});

describe('key sets that jose would not use either', () => {
  const claims = { iss: policy.issuer, aud: 'orders', exp: NOW_SECONDS + 300 };
  test.each([
    ['key_ops listing verify twice', { key_ops: ['verify', 'verify'] }],
    ['key_ops allowing sign as well', { key_ops: ['sign', 'verify'] }],
    ['ext that is not a boolean', { ext: 'yes' }],
  ])('refuses at start-up a JWK with %s, whose tokens jose refuses', async (_name, oddity) => {
    const odd: SharedPolicy = {
      ...policy,
      jwks: [{ ...keys.ES256.publicJwk, ...oddity } as never],
      algorithms: ['ES256'],
    };
    expect(() => verifierFor(odd)).toThrow(ConfigurationError);
    expect(await joseAccepts(signClaims(keys.ES256, claims), odd, now)).toBe(false);
  });

  test('binds an alg-less Ed25519 JWK to EdDSA alone, refusing an Ed25519-named token jose would accept (stricter: each key serves exactly one algorithm)', async () => {
    const { alg: _alg, ...bare } = keys.EdDSA.publicJwk;
    const edPolicy: SharedPolicy = { ...policy, jwks: [bare], algorithms: ['EdDSA', 'Ed25519'] };
    const token = signClaims(keys.EdDSA, claims, { alg: 'Ed25519' });
    const verifier = verifierFor(edPolicy);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    expect(verifier.verify(token)).toMatchObject({ status: 'invalid', code: 'alg_key_mismatch' });
    expect(verifier.verify(signClaims(keys.EdDSA, claims)).status).toBe('valid');
    vi.useRealTimers();
    expect(await joseAccepts(token, edPolicy, now)).toBe(true);
    verifier.close();
  });
});

describe('RSA signature length', () => {
  const claims = { iss: policy.issuer, aud: 'orders', exp: NOW_SECONDS + 300 };

  test('rejects a PS256 signature with its leading zero byte stripped, which jose accepts (stricter: RSA signatures exactly as long as the modulus, RFC 8017)', async () => {
    // PSS signatures are randomized: sign until one starts with a zero byte (1 in 256).
    let token = '';
    for (let jti = 0; ; jti++) {
      token = signClaims(keys.PS256, { ...claims, jti: String(jti) });
      if (Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url')[0] === 0) break;
    }
    const cut = token.lastIndexOf('.') + 1;
    const stripped = `${token.slice(0, cut)}${b64(Buffer.from(token.slice(cut), 'base64url').subarray(1))}`;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    const verifier = verifierFor(policy);
    expect(verifier.verify(token).status).toBe('valid');
    expect(verifier.verify(stripped)).toMatchObject({ status: 'invalid', code: 'invalid_signature' });
    vi.useRealTimers();
    verifier.close();
    expect(await joseAccepts(stripped, policy, now)).toBe(true);
  });
});

describe('a lone configured key', () => {
  const claims = { iss: policy.issuer, aud: 'orders', exp: NOW_SECONDS + 300 };
  const single = () =>
    createJwtVerifier({
      issuers: [
        {
          issuer: policy.issuer,
          audience: 'orders',
          keys: { type: 'static', keys: [{ type: 'jwk', jwk: keys.ES256.publicJwk }] },
        },
      ],
    });

  test('refuses a token naming another kid, which jose handed the single key accepts (stricter: a key with a kid serves only its kid or none)', async () => {
    const token = signClaims(keys.ES256, claims, { kid: 'rotated-in' });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    const verifier = single();
    expect(verifier.verify(token)).toMatchObject({ status: 'unverified', code: 'unknown_key' });
    expect(verifier.verify(signClaims(keys.ES256, claims, { kid: undefined })).status).toBe('valid');
    vi.useRealTimers();
    verifier.close();
    const key = await importJWK(keys.ES256.publicJwk, 'ES256');
    const accepted = await jwtVerify(token, key, {
      issuer: policy.issuer,
      audience: 'orders',
      currentDate: now,
    });
    expect(accepted.payload.iss).toBe(policy.issuer);
  });
});
