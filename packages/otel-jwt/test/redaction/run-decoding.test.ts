import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeBase64, decodeHex, decodePercent } from '../../src/redaction/run-decoding.js';

const bytes = fc.uint8Array({ maxLength: 300 }).map((array) => Buffer.from(array));

describe('decoders agree with Buffer and decodeURIComponent', () => {
  test('base64 of either alphabet decodes to its bytes from the phase its data starts at', () => {
    fc.assert(
      fc.property(bytes, fc.string({ unit: fc.constantFrom(...'Ab9+/-_'), maxLength: 3 }), (data, before) => {
        for (const alphabet of ['base64', 'base64url'] as const) {
          const text = `${before}${data.toString(alphabet).replace(/=+$/, '')}`;
          const decoded = decodeBase64(text, 0, text.length, before.length);
          expect(Buffer.from(decoded)).toEqual(data);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('hex of either case decodes to its bytes from either phase', () => {
    fc.assert(
      fc.property(bytes, fc.boolean(), fc.boolean(), (data, upper, shifted) => {
        const hex = data.toString('hex');
        const text = `${shifted ? 'a' : ''}${upper ? hex.toUpperCase() : hex}`;
        expect(Buffer.from(decodeHex(text, 0, text.length, shifted ? 1 : 0))).toEqual(data);
      }),
      { numRuns: 500 },
    );
  });

  test('escapes decode to their bytes and unreserved characters stay, as encodeURIComponent wrote them', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (text) => {
        let encoded: string;
        try {
          encoded = encodeURIComponent(text);
        } catch {
          return; // a lone surrogate has no encoding
        }
        const decoded = decodePercent(encoded, 0, encoded.length);
        expect(Buffer.from(decoded)).toEqual(Buffer.from(text, 'utf8'));
      }),
      { numRuns: 500 },
    );
  });
});
