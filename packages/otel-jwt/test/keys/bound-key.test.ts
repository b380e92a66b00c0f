import { createSecretKey, generateKeyPairSync, type KeyObject, randomBytes, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type AlgorithmSpec, algorithmSpec } from '../../src/keys/algorithms.js';
import { keyUnfitness } from '../../src/keys/bound-key.js';
import { forgeExponentOneSignature, rsaKeyWithExponent, rsaPssKeyWithExponent } from '../support/weak-rsa.js';

const spec = (alg: string) => algorithmSpec(alg) as AlgorithmSpec;
const EXPONENT_RULE = /odd public exponent of at least 3/;

/** Every exponent a key set could carry: the small ones, around 2^16 and 2^32, and wide ones. */
const exponents = fc.oneof(
  fc.bigInt({ min: 0n, max: 70_000n }),
  fc.bigInt({ min: 2n ** 32n - 8n, max: 2n ** 32n + 8n }),
  fc.bigInt({ min: 0n, max: 2n ** 256n }),
);
const fits = (e: bigint) => e >= 3n && e % 2n === 1n;

describe('RSA public exponents', () => {
  test('node:crypto verifies a signature forged without any private key under e = 1, so the check is ours', () => {
    const input = 'header.payload';
    const forged = forgeExponentOneSignature(input);
    expect(verify('sha256', Buffer.from(input, 'latin1'), rsaKeyWithExponent(1n), forged)).toBe(true);
  });

  test.each([
    ['RS256', 'rsa'],
    ['PS256', 'rsa'],
    ['PS512', 'rsa-pss'],
  ] as const)('accepts e = 3 and e = 65537 for %s on an %s key', (alg, type) => {
    const make = type === 'rsa' ? rsaKeyWithExponent : rsaPssKeyWithExponent;
    for (const e of [3n, 65537n]) {
      const key = make(e);
      expect(key.asymmetricKeyType).toBe(type);
      expect(keyUnfitness(key, spec(alg))).toBeUndefined();
    }
  });

  test.each([
    [1n, 'one (every padded digest is its own signature)'],
    [2n, 'two (even)'],
    [4n, 'four (even)'],
    [0n, 'zero'],
    [65536n, '2^16 (even)'],
  ])('refuses an RSA key whose exponent is %s: %s', (e) => {
    for (const alg of ['RS256', 'RS512', 'PS256']) {
      expect(keyUnfitness(rsaKeyWithExponent(e), spec(alg))).toMatch(EXPONENT_RULE);
    }
  });

  test('refuses an RSA-PSS-only key whose exponent is 1, as it does a plain RSA key', () => {
    const key = rsaPssKeyWithExponent(1n);
    expect(key.asymmetricKeyType).toBe('rsa-pss');
    expect(keyUnfitness(key, spec('PS256'))).toMatch(EXPONENT_RULE);
  });

  test('reports a short modulus before the exponent, so the message names the first thing to fix', () => {
    const short = generateKeyPairSync('rsa', { modulusLength: 1024, publicExponent: 3 }).publicKey;
    expect(keyUnfitness(short, spec('RS256'))).toMatch(/at least 2048 bits/);
  });

  test('property: an RSA key fits exactly when its exponent is odd and at least 3, for RSA and RSA-PSS keys', () => {
    fc.assert(
      fc.property(exponents, fc.constantFrom('RS256', 'PS384'), (e, alg) => {
        const keys: KeyObject[] = [rsaKeyWithExponent(e)];
        if (alg.startsWith('PS')) keys.push(rsaPssKeyWithExponent(e));
        for (const key of keys) {
          const unfit = keyUnfitness(key, spec(alg));
          if (fits(e)) expect(unfit).toBeUndefined();
          else expect(unfit).toMatch(EXPONENT_RULE);
        }
      }),
    );
  });
});

describe('what the exponent rule leaves alone', () => {
  test('still refuses an RSA key bound to HS256 and accepts a secret of the hash length', () => {
    expect(keyUnfitness(rsaKeyWithExponent(65537n), spec('HS256'))).toMatch(/shared secret/);
    expect(keyUnfitness(createSecretKey(randomBytes(32)), spec('HS256'))).toBeUndefined();
  });

  test('still refuses an RSA-PSS-only key for RS256, whose padding it may not use', () => {
    expect(keyUnfitness(rsaPssKeyWithExponent(65537n), spec('RS256'))).toMatch(/RSA public key/);
  });

  test('takes the exponent of a key made by node:crypto with the default exponent', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(publicKey.asymmetricKeyDetails?.publicExponent).toBe(65537n);
    expect(keyUnfitness(publicKey, spec('RS256'))).toBeUndefined();
  });
});
