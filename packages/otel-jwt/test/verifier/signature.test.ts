import {
  constants,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { algorithmSpec, type JwsAlgorithm } from '../../src/keys/algorithms.js';
import type { BoundKey } from '../../src/keys/bound-key.js';
import { checkSignature } from '../../src/verifier/signature.js';

const bind = (alg: JwsAlgorithm, key: KeyObject): BoundKey => ({
  kid: undefined,
  spec: algorithmSpec(alg) as NonNullable<ReturnType<typeof algorithmSpec>>,
  key,
});

describe('ECDSA: raw r||s converted to DER agrees with node:crypto ieee-p1363 verification', () => {
  const cases = [
    ['ES256', 'prime256v1', 'sha256'],
    ['ES384', 'secp384r1', 'sha384'],
    ['ES512', 'secp521r1', 'sha512'],
  ] as const;
  for (const [alg, namedCurve, hash] of cases) {
    test(`gives the same ${alg} verdict as node ieee-p1363 for valid, flipped, zero, order-sized and mis-sized signatures`, () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
      const bound = bind(alg, publicKey);
      const oracle = (input: Buffer, raw: Buffer): boolean =>
        verify(hash, input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw);
      const seen = { rZero: false, sZero: false, rHigh: false, sHigh: false };
      // A zero first byte turns up once in 256 signatures; 4000 tries miss one with p < 1e-6.
      const tries = alg === 'ES256' ? 4000 : 200;
      for (let i = 0; i < tries && !(seen.rZero && seen.sZero && seen.rHigh && seen.sHigh); i++) {
        const input = randomBytes(40);
        const raw = sign(hash, input, { key: privateKey, dsaEncoding: 'ieee-p1363' });
        const half = raw.length / 2;
        // Leading zero bytes and high bits (a 0x00 pad in DER) are the edge cases of the conversion.
        seen.rZero ||= raw[0] === 0;
        seen.sZero ||= raw[half] === 0;
        seen.rHigh ||= (raw[0] as number) >= 0x80;
        seen.sHigh ||= (raw[half] as number) >= 0x80;
        expect(checkSignature(bound, input, raw)).toBe(true);
        const flipped = Buffer.from(raw);
        flipped[i % raw.length] = (flipped[i % raw.length] as number) ^ 1;
        expect(checkSignature(bound, input, flipped)).toBe(oracle(input, flipped));
      }
      if (alg === 'ES256') expect(seen).toEqual({ rZero: true, sZero: true, rHigh: true, sHigh: true });
      const input = randomBytes(40);
      const size = bound.spec.signatureBytes as number;
      const n = Buffer.from(
        {
          ES256: 'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551',
          ES384:
            'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
          ES512:
            '01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
        }[alg],
        'hex',
      );
      const one = Buffer.alloc(size / 2);
      one[one.length - 1] = 1;
      for (const raw of [
        Buffer.alloc(size),
        Buffer.alloc(size, 0xff),
        Buffer.concat([Buffer.alloc(size / 2), one]),
        Buffer.concat([one, Buffer.alloc(size / 2)]),
        Buffer.concat([n, one]),
        Buffer.concat([one, n]),
      ]) {
        expect(checkSignature(bound, input, raw)).toBe(false);
        expect(oracle(input, raw)).toBe(false);
      }
      expect(checkSignature(bound, input, Buffer.alloc(size - 1))).toBe(false);
    });
  }
});

describe('RSA-PSS', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = randomBytes(100);
  const pss = (saltLength: number) =>
    sign('sha256', input, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });

  test('accepts a salt as long as the hash, and nothing else', () => {
    const bound = bind('PS256', publicKey);
    expect(checkSignature(bound, input, pss(32))).toBe(true);
    expect(checkSignature(bound, input, pss(32))).toBe(true); // second call: the cached PSS key
    expect(checkSignature(bound, input, pss(20))).toBe(false);
    expect(checkSignature(bound, input, pss(0))).toBe(false);
    expect(checkSignature(bound, input, sign('sha256', input, privateKey))).toBe(false); // PKCS#1 v1.5
    expect(checkSignature(bind('RS256', publicKey), input, pss(32))).toBe(false);
    expect(checkSignature(bind('RS256', publicKey), input, sign('sha256', input, privateKey))).toBe(true);
  });

  test('leaves the key ring KeyObject as it was', () => {
    const key = createPublicKey(publicKey.export({ type: 'spki', format: 'pem' }));
    checkSignature(bind('PS256', key), input, pss(32));
    expect(Object.getOwnPropertyNames(key)).toEqual(Object.getOwnPropertyNames(publicKey));
    expect(verify('sha256', input, key, sign('sha256', input, privateKey))).toBe(true);
  });

  test('works with an rsa-pss typed key', () => {
    const pair = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const signature = sign('sha256', input, {
      key: pair.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    });
    expect(checkSignature(bind('PS256', pair.publicKey), input, signature)).toBe(true);
    signature[10] = (signature[10] as number) ^ 1;
    expect(checkSignature(bind('PS256', pair.publicKey), input, signature)).toBe(false);
  });
});
