import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { beforeAll, describe, test } from 'vitest';
import type { StaticKey } from '../../src/keys/key-config.js';
import type { IssuerConfig } from '../../src/verifier/verifier-config.js';
import { expectConfigurationError, issuer, keep, keepJwk, keepPem } from '../support/config-errors.js';

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

describe('remote key sets', () => {
  const remote = (jwksUri: string, over: Partial<IssuerConfig> = {}) =>
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
