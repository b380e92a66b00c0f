import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { hmacSha256, macsEqual } from '../../src/internal/hmac-sha256.js';

const reference = (key: Uint8Array, input: string, encoding: 'hex' | 'base64url') =>
  createHmac('sha256', key).update(input).digest().toString(encoding, 0, 16);

test('equals createHmac truncated to 16 bytes for any key of up to 64 bytes and any input', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 64 }),
      fc.string({ unit: 'binary', maxLength: 600 }),
      fc.constantFrom('hex' as const, 'base64url' as const),
      (key, input, encoding) => {
        const mac = hmacSha256(key);
        // Twice: the reused scratch buffers must not carry anything from one call into the next.
        expect(mac(input, encoding)).toBe(reference(key, input, encoding));
        expect(mac(`${input}!`, encoding)).toBe(reference(key, `${input}!`, encoding));
      },
    ),
    { numRuns: 400 },
  );
});

test('the RFC 4231 test case 2 key and data give the published mac prefix', () => {
  const mac = hmacSha256(Buffer.from('Jefe'));
  expect(mac('what do ya want for nothing?', 'hex')).toBe('5bdcc146bf60754e6a042426089575c7');
});

test('inputs too long for the scratch buffer take the createHmac path with the same result', () => {
  const key = new Uint8Array(32).fill(7);
  const long = 'x'.repeat(5000);
  expect(hmacSha256(key)(long, 'hex')).toBe(reference(key, long, 'hex'));
});

test('a key longer than the block size takes the createHmac path with the same result', () => {
  const key = new Uint8Array(100).fill(3);
  expect(hmacSha256(key)('input', 'base64url')).toBe(reference(key, 'input', 'base64url'));
});

test('macsEqual is true only for the same characters and false, without throwing, for other lengths', () => {
  expect(macsEqual('A'.repeat(22), 'A'.repeat(22))).toBe(true);
  expect(macsEqual('A'.repeat(22), `${'A'.repeat(21)}B`)).toBe(false);
  expect(macsEqual('A'.repeat(22), 'A'.repeat(21))).toBe(false);
});
