import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import type { StaticKey } from '../../src/keys/key-config.js';
import { importStaticKeys } from '../../src/keys/static-keys.js';
import { captureDiag } from '../support/remote-fixtures.js';
import {
  ALLOWED,
  expectRejected,
  good,
  jwkOf,
  jwks,
  K,
  PATH,
  p256,
  pem,
  pemOf,
  rsa,
  secret,
} from '../support/static-key-fixtures.js';
import { rsaJwkWithExponent, rsaPemWithExponent, rsaPssKeyWithExponent } from '../support/weak-rsa.js';

// Static keys an operator may paste by mistake: RSA keys with a weak public exponent, and two keys under
// one kid. Key sets holding keys for other uses are in static-keys-sets.test.ts.

let diag: ReturnType<typeof captureDiag> | undefined;
afterEach(() => diag?.stop());

describe('RSA exponents', () => {
  const forms: [string, (e: bigint) => StaticKey[], string][] = [
    ['a PEM entry', (e) => [pem(rsaPemWithExponent(e), 'RS256')], `${K}[0]`],
    ['a JWK entry', (e) => [{ type: 'jwk', jwk: rsaJwkWithExponent(e, { alg: 'RS256' }) }], `${K}[0]`],
    [
      'a JWK set member',
      (e) => [jwks(good('ec'), rsaJwkWithExponent(e, { kid: 'r' }))],
      `${K}[0].jwks.keys[1]`,
    ],
  ];
  const weak = forms.flatMap(([form, make, path]) => [1n, 2n, 4n].map((e) => [form, e, make, path] as const));

  test.each(weak)('refuses %s whose RSA exponent is %s, naming it', (_, e, make, path) => {
    expectRejected(make(e), path, /odd public exponent of at least 3/);
  });

  test.each(forms)('accepts %s whose RSA exponent is 3 or 65537', (_, make) => {
    for (const e of [3n, 65537n]) expect(importStaticKeys(make(e), PATH, ALLOWED)).not.toHaveLength(0);
  });

  test('refuses an RSA-PSS-only PEM key whose exponent is 1', () => {
    const text = String(rsaPssKeyWithExponent(1n).export({ type: 'spki', format: 'pem' }));
    expectRejected([pem(text, 'PS256')], `${K}[0]`, /odd public exponent/);
  });
});

describe('repeated kids', () => {
  const kid = randomBytes(36).toString('base64url');
  const message = (keys: StaticKey[], path: string, first: string) => {
    const text = expectRejected(keys, `${path} repeats the kid of ${first}`, /repeats the kid/);
    expect(text).not.toContain(kid);
  };

  test('refuses two entries of one kid, naming both places and not the kid', () => {
    message([secret(kid), pem(pemOf(p256.publicKey), 'ES256', kid)], `${K}[1]`, `${K}[0]`);
  });

  test('refuses a set member repeating the kid of an earlier entry', () => {
    const keys = [secret(kid), pem(pemOf(rsa.publicKey), 'RS256', 'other'), jwks(good('third'), good(kid))];
    message(keys, `${K}[2].jwks.keys[1]`, `${K}[0]`);
  });

  test('refuses two members of one set under one kid, even the same key twice', () => {
    message([jwks(good(kid), good('b'), good(kid))], `${K}[0].jwks.keys[2]`, `${K}[0].jwks.keys[0]`);
  });

  test('refuses a JWK entry repeating the kid of a set member', () => {
    message(
      [jwks(good(kid)), { type: 'jwk', jwk: jwkOf(rsa.publicKey, { kid, alg: 'RS256' }) }],
      `${K}[1]`,
      `${K}[0].jwks.keys[0]`,
    );
  });

  test('takes a skipped member sharing a kid with a used key (RFC 7517 §4.5), kids that differ in case, and keys without kid', () => {
    diag = captureDiag();
    const keys = [
      jwks(
        jwkOf(rsa.publicKey, { kid: 'k1', use: 'enc' }),
        jwkOf(rsa.publicKey, { kid: 'k1', use: 'sig' }),
        good('K1'),
      ),
      pem(pemOf(p256.publicKey), 'ES256'),
      pem(pemOf(rsa.publicKey), 'RS256'),
    ];
    expect(importStaticKeys(keys, PATH, ALLOWED).map((k) => k.kid)).toEqual([
      'k1',
      'K1',
      undefined,
      undefined,
    ]);
  });
});
