import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hmacMatches, MAX_PADDED_INPUT } from '../../src/verifier/hmac-signature.js';

const HASHES = ['sha256', 'sha384', 'sha512'] as const;

describe('HMAC over prepared pads agrees with createHmac', () => {
  for (const hash of HASHES) {
    test(`${hash}: accepts the createHmac tag and refuses every one-bit change, for keys shorter than, as long as and longer than the block`, () => {
      for (const keyBytes of [1, 32, 64, 65, 128, 129, 300]) {
        const secret = randomBytes(keyBytes);
        const key = createSecretKey(secret);
        for (const inputBytes of [0, 1, 55, 56, 64, 119, 128, 700, MAX_PADDED_INPUT]) {
          const input = randomBytes(inputBytes);
          const tag = createHmac(hash, secret).update(input).digest();
          expect(hmacMatches(key, hash, input, tag)).toBe(true);
          const flipped = Buffer.from(tag);
          const at = (keyBytes + inputBytes) % tag.length;
          flipped[at] = (flipped[at] as number) ^ (1 << (inputBytes % 8));
          expect(hmacMatches(key, hash, input, flipped)).toBe(false);
        }
      }
    });
  }

  test('a signing input longer than the pads take is checked through createHmac, with the same verdicts', () => {
    const secret = randomBytes(32);
    const key = createSecretKey(secret);
    const input = randomBytes(MAX_PADDED_INPUT + 1);
    const tag = createHmac('sha256', secret).update(input).digest();
    expect(hmacMatches(key, 'sha256', input, tag)).toBe(true);
    tag[0] = (tag[0] as number) ^ 1;
    expect(hmacMatches(key, 'sha256', input, tag)).toBe(false);
  });

  test('refuses a tag that is a prefix of the right one, or the right one with a byte appended', () => {
    const secret = randomBytes(32);
    const key = createSecretKey(secret);
    const input = randomBytes(100);
    const tag = createHmac('sha256', secret).update(input).digest();
    expect(hmacMatches(key, 'sha256', input, tag.subarray(0, 31))).toBe(false);
    expect(hmacMatches(key, 'sha256', input, Buffer.concat([tag, Buffer.of(0)]))).toBe(false);
    expect(hmacMatches(key, 'sha256', input, Buffer.alloc(0))).toBe(false);
  });

  test('keys used in turn, and one key under two hashes, never borrow each other pads', () => {
    const secrets = [randomBytes(32), randomBytes(48)];
    const keys = secrets.map((secret) => createSecretKey(secret));
    fc.assert(
      fc.property(
        fc.nat(1),
        fc.constantFrom(...HASHES),
        fc.uint8Array({ maxLength: 200 }),
        (which, hash, input) => {
          const tag = createHmac(hash, secrets[which] as Buffer)
            .update(input)
            .digest();
          const other = createHmac(hash, secrets[1 - which] as Buffer)
            .update(input)
            .digest();
          expect(hmacMatches(keys[which] as never, hash, Buffer.from(input), tag)).toBe(true);
          expect(hmacMatches(keys[which] as never, hash, Buffer.from(input), other)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
