import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import type { StaticKey } from '../../src/keys/key-config.js';
import { createJwtVerifier } from '../../src/verifier/jwt-verifier.js';
import type { IssuerConfig, TrustedIssuerConfig } from '../../src/verifier/verifier-config.js';
import { expectConfigurationError, issuer, keep, keepJwk, keepPem } from '../support/config-errors.js';
import { captureDiag } from '../support/remote-fixtures.js';
import { rsaJwkWithExponent, rsaPemWithExponent } from '../support/weak-rsa.js';

// The keys of a verifier configuration: static keys too weak, private or bound to the wrong algorithm,
// and remote key sets. The shape and ranges of the rest are in verifier-config.test.ts.

const withKey = (key: StaticKey): IssuerConfig => issuer({ keys: { type: 'static', keys: [key] } });

const keys: Record<string, StaticKey> = {};
beforeAll(async () => {
  const short = randomBytes(16).toString('hex').slice(0, 31);
  keep(short);
  keys.shortSecret = { type: 'secret', secret: short, alg: 'HS256' };
  const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const weak = String(rsa1024.publicKey.export({ type: 'spki', format: 'pem' }));
  keepPem(weak);
  keys.weakRsaPem = { type: 'pem', pem: weak, alg: 'RS256' };
  const weakJwk = { ...rsa1024.publicKey.export({ format: 'jwk' }), alg: 'RS256' };
  keepJwk(weakJwk);
  keys.weakRsaJwk = { type: 'jwk', jwk: weakJwk };
  const privatePem = String(rsa1024.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  keepPem(privatePem);
  keys.privatePem = { type: 'pem', pem: privatePem, alg: 'RS256' };

  const rsa = await generateKeyPair('RS256', { extractable: true });
  const rsaPem = await exportSPKI(rsa.publicKey);
  keepPem(rsaPem);
  keys.rsaAsHmac = { type: 'pem', pem: rsaPem, alg: 'HS256' };
  const privateJwk = { ...(await exportJWK(rsa.privateKey)), alg: 'RS256' };
  keepJwk(privateJwk);
  keys.privateJwk = { type: 'jwk', jwk: privateJwk };
  const rsaJwk = await exportJWK(rsa.publicKey);
  keepJwk(rsaJwk);
  keys.rsaJwkAsHmac = { type: 'jwk', jwk: rsaJwk, alg: 'HS256' };

  const p384 = await generateKeyPair('ES384', { extractable: true });
  const p384Jwk = { ...(await exportJWK(p384.publicKey)), alg: 'ES256' };
  keepJwk(p384Jwk);
  keys.wrongCurve = { type: 'jwk', jwk: p384Jwk };

  const exponentOne = rsaPemWithExponent(1n);
  keepPem(exponentOne);
  keys.exponentOnePem = { type: 'pem', pem: exponentOne, alg: 'RS256' };
  const evenJwk = rsaJwkWithExponent(2n, { alg: 'PS256' });
  keepJwk(evenJwk);
  keys.evenExponentJwk = { type: 'jwk', jwk: evenJwk };
});

describe('keys', () => {
  test.each([
    [
      'an HMAC secret shorter than the hash (HS256 < 32 bytes)',
      'shortSecret',
      /HS256 secret must be at least 32/,
    ],
    ['an RSA PEM key below 2048 bits', 'weakRsaPem', /at least 2048 bits/],
    ['an RSA JWK below 2048 bits', 'weakRsaJwk', /at least 2048 bits/],
    ['a private key PEM', 'privatePem', /private key: configure the public key/],
    ['a private JWK', 'privateJwk', /private JWK: configure the public key/],
    ['a P-384 EC key bound to ES256 (wrong curve)', 'wrongCurve', /ES256 key must be on curve prime256v1/],
    ['an RSA PEM key bound to HS256', 'rsaAsHmac', /HS256 key must be a shared secret/],
    ['an RSA JWK bound to HS256', 'rsaJwkAsHmac', /HS256 key must be a shared secret/],
    ['an RSA PEM key of public exponent 1', 'exponentOnePem', /odd public exponent of at least 3/],
    ['an RSA JWK of even public exponent 2', 'evenExponentJwk', /odd public exponent of at least 3/],
  ])('rejects %s, naming the key and echoing no key material', (_, name, fix) => {
    const key = keys[name];
    if (key === undefined) throw new Error(`no key ${name}`);
    expectConfigurationError({ issuers: [withKey(key)] }, 'issuers[0].keys.keys[0]', fix);
  });

  test('names the right issuer and key when a later one is wrong', () => {
    const second = issuer({ issuer: 'https://other.example' });
    const config = { issuers: [issuer(), { ...second, keys: { type: 'static', keys: [keys.privatePem] } }] };
    expectConfigurationError(config, 'issuers[1].keys.keys[0].pem', /private key/);
  });
});

describe('static key sets', () => {
  test('names both places of a repeated kid, across entries and inside a JWK set', async () => {
    const es = await generateKeyPair('ES256');
    const member = { ...(await exportJWK(es.publicKey)), kid: 'k-0' };
    const secret = { type: 'secret', secret: 'x'.repeat(32), alg: 'HS256', kid: 'k-0' } as const;
    const pem = { type: 'pem', pem: await exportSPKI(es.publicKey), alg: 'ES256', kid: 'k-1' } as const;
    const set = { type: 'jwks', jwks: { keys: [{ ...member, kid: 'k-2' }, member] } } as const;
    const config = { issuers: [issuer({ keys: { type: 'static', keys: [secret, pem, set] } })] };
    expectConfigurationError(
      config,
      'issuers[0].keys.keys[2].jwks.keys[1] repeats the kid of issuers[0].keys.keys[0]',
      /repeats the kid/,
    );
  });

  test('starts with a JWK set mixing one usable key with unusable ones and verifies with the usable one', async () => {
    const diag = captureDiag();
    try {
      const [es, rsaEnc] = await Promise.all([
        generateKeyPair('ES256'),
        generateKeyPair('RSA-OAEP-256', { extractable: true }),
      ]);
      const unusable = [
        { ...(await exportJWK(rsaEnc.publicKey)), kid: 'enc', use: 'enc' },
        { kty: 'OKP', crv: 'X448', x: 'AA', kid: 'x448' },
        { kty: 'AKP', alg: 'ML-DSA-65', pub: 'AA', kid: 'pq' },
      ];
      const usable = { ...(await exportJWK(es.publicKey)), kid: 'sig', alg: 'ES256' };
      const verifier = createJwtVerifier({
        issuers: [
          issuer({
            keys: { type: 'static', keys: [{ type: 'jwks', jwks: { keys: [...unusable, usable] } }] },
          }),
        ],
      });
      const token = await new SignJWT({ sub: 'alice' })
        .setProtectedHeader({ alg: 'ES256', kid: 'sig' })
        .setIssuer('https://idp.example')
        .setAudience('api')
        .setExpirationTime('5m')
        .sign(es.privateKey);
      expect(verifier.verify(token).status).toBe('valid');
      expect(verifier.keyStatus()[0]?.keyCount).toBe(1);
      verifier.close();
      expect(
        diag.messages.filter((m) => m.includes('skipped issuers[0].keys.keys[0].jwks.keys[')),
      ).toHaveLength(3);
    } finally {
      diag.stop();
    }
  });
});

describe('remote key sets', () => {
  const remote = (jwksUri: string, over: Partial<TrustedIssuerConfig> = {}) =>
    issuer({ keys: { type: 'jwks-uri', jwksUri }, ...over });

  test.each([
    ['HS256', ['HS256']],
    ['HS512 among asymmetric algorithms', ['RS256', 'HS512']],
  ] as const)('rejects %s with a remote key set', (_, algorithms) => {
    const config = { issuers: [remote('https://idp.example/jwks', { algorithms: [...algorithms] })] };
    expectConfigurationError(config, 'issuers[0].algorithms', /HMAC algorithms need a static shared secret/);
  });

  test('rejects HMAC algorithms with OIDC discovery', () => {
    const config = { issuers: [issuer({ keys: { type: 'discovery' }, algorithms: ['HS384'] })] };
    expectConfigurationError(config, 'issuers[0].algorithms', /static shared secret/);
  });

  test.each([
    'http://idp.example/jwks',
    'http://10.0.0.1/jwks',
    'http://127.0.0.1.idp.example/jwks',
    'http://localhost.idp.example/jwks',
  ])('rejects the plain-http jwksUri %s to a non-loopback host', (jwksUri) => {
    expectConfigurationError({ issuers: [remote(jwksUri)] }, 'issuers[0].keys.jwksUri', /must use https/);
  });

  test('rejects a jwksUri that is not an absolute URL', () => {
    expectConfigurationError({ issuers: [remote('/jwks')] }, 'issuers[0].keys.jwksUri', /absolute URL/);
  });

  test('rejects a jwksUri carrying credentials without echoing them', () => {
    keep('hunter2-password');
    const config = { issuers: [remote('https://user:hunter2-password@idp.example/jwks')] };
    expectConfigurationError(config, 'issuers[0].keys.jwksUri', /credentials/);
  });

  test('rejects discovery from a plain-http issuer on a non-loopback host', () => {
    const config = { issuers: [issuer({ issuer: 'http://idp.example', keys: { type: 'discovery' } })] };
    expectConfigurationError(config, 'issuers[0].issuer', /https/);
  });
});
