import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { importStaticKeys } from '../../src/keys/static-keys.js';
import { captureDiag } from '../support/remote-fixtures.js';
import {
  ALLOWED,
  carriesMaterial,
  expectRejected,
  good,
  jwkOf,
  jwks,
  K,
  PATH,
  p256,
  p384,
  rsa,
  secret,
  x25519,
} from '../support/static-key-fixtures.js';

// The members of a static JWK set: keys for other uses are skipped with a warning, as RFC 7517 §5 and
// the remote path have it; a broken key of a usable kind is a configuration mistake and stops start-up.

let diag: ReturnType<typeof captureDiag> | undefined;
afterEach(() => diag?.stop());

/** Members a key set may hold for other uses: each is skipped, never a reason to stop. */
const unusable: Record<string, (kid: string) => unknown> = {
  'an unknown key type': (kid) => ({ kty: 'AKP', alg: 'ML-DSA-44', pub: 'AAAA', kid }),
  'an algorithm outside the allow-list': (kid) => jwkOf(p384.publicKey, { kid, alg: 'ES384' }),
  'an unsupported EC curve': (kid) => ({ kty: 'EC', crv: 'secp256k1', x: 'AA', y: 'AA', kid }),
  'a key-agreement curve': (kid) => jwkOf(x25519.publicKey, { kid }),
  'use "enc"': (kid) => jwkOf(rsa.publicKey, { kid, use: 'enc' }),
  'key_ops without verify': (kid) => jwkOf(rsa.publicKey, { kid, key_ops: ['encrypt', 'wrapKey'] }),
  'an encryption algorithm': (kid) => jwkOf(rsa.publicKey, { kid, alg: 'RSA-OAEP-256' }),
};

describe('members of a static key set', () => {
  test('starts with the one usable member of a set, warning once per skipped member with its place and reason', () => {
    diag = captureDiag();
    const members = [...Object.values(unusable).map((make, i) => make(`other-${i}`)), good('good')];
    const bound = importStaticKeys([jwks(...members)], PATH, ALLOWED);
    expect(bound.map((k) => k.kid)).toEqual(['good']);
    const warnings = diag.messages.filter((m) => m.includes('skipped'));
    expect(warnings).toHaveLength(members.length - 1);
    expect(warnings).toEqual(
      warnings.map((_, i) => expect.stringContaining(`skipped ${K}[0].jwks.keys[${i}]: `)),
    );
    expect(diag.messages.filter(carriesMaterial)).toEqual([]);
  });

  test('property: a set keeps exactly its usable members, in order, and warns once for each other one', () => {
    const kinds = Object.values(unusable);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(-1), fc.nat(kinds.length - 1)), { minLength: 1, maxLength: 12 }),
        (picks) => {
          diag = captureDiag();
          const members = picks.map((pick, i) =>
            pick < 0 ? good(`k${i}`) : (kinds[pick] as (kid: string) => unknown)(`k${i}`),
          );
          const usable = picks.flatMap((pick, i) => (pick < 0 ? [`k${i}`] : []));
          const keys = [jwks(...members), secret('fallback')];
          expect(importStaticKeys(keys, PATH, ALLOWED).map((k) => k.kid)).toEqual([...usable, 'fallback']);
          expect(diag.messages.filter((m) => m.includes('skipped'))).toHaveLength(
            picks.length - usable.length,
          );
          diag.stop();
        },
      ),
      { numRuns: 50 },
    );
  });

  test('refuses a configuration where nothing usable remains, as before', () => {
    diag = captureDiag();
    expectRejected([jwks(unusable['use "enc"']?.('a'))], PATH, /no key for any algorithm/);
  });

  test.each<[string, unknown, RegExp]>([
    [
      'a modulus that is not base64url',
      { ...jwkOf(rsa.publicKey), n: 'not*base64' },
      /\.n must be canonical base64url/,
    ],
    [
      'a padded coordinate',
      { ...jwkOf(p256.publicKey), x: `${jwkOf(p256.publicKey).x}=` },
      /\.x must be canonical/,
    ],
    ['key material that is no key', { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }, /not a valid public JWK/],
    ['a 1024-bit modulus', jwkOf(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey), /2048 bits/],
    [
      'private material, even for an algorithm not allowed',
      jwkOf(p384.privateKey, { alg: 'ES384' }),
      /private JWK/,
    ],
    ['a curve contradicting its alg', jwkOf(p384.publicKey, { alg: 'ES256' }), /curve prime256v1/],
    ['a kty that is not a string', { ...jwkOf(p256.publicKey), kty: 7 }, /kty must be a string/],
    ['a crv that is not a string', { ...jwkOf(p256.publicKey), crv: ['P-256'] }, /crv must be a string/],
    ['a use that is not a string', jwkOf(p256.publicKey, { use: 1 as never }), /use must be a string/],
    ['an alg that is not a string', jwkOf(p256.publicKey, { alg: {} as never }), /alg must be a string/],
    [
      'key_ops allowing sign as well',
      jwkOf(p256.publicKey, { key_ops: ['sign', 'verify'] }),
      /key_ops must be exactly/,
    ],
    [
      'a shared secret without alg',
      { kty: 'oct', k: randomBytes(32).toString('base64url') },
      /needs its "alg"/,
    ],
    ['a kid that is not a string', jwkOf(p256.publicKey, { kid: 5 as never }), /kid must be a string/],
  ])('refuses a set member of a usable kind with %s, naming it', (_, member, fix) => {
    expectRejected([jwks(good('ok'), member)], `${K}[0].jwks.keys[1]`, fix);
  });

  test('keeps refusing a single JWK entry that is unusable, since the operator named that key', () => {
    expectRejected(
      [{ type: 'jwk', jwk: jwkOf(rsa.publicKey, { use: 'enc', alg: 'RS256' }) }],
      `${K}[0]`,
      /signatures/,
    );
  });
});
