import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodedHoldsPiece } from '../../src/redaction/decoded-scan.js';
import { FingerprintTable } from '../../src/redaction/fingerprint-table.js';
import { bytePrints, tokenPrints } from '../../src/redaction/token-prints.js';
import { mint } from '../support/telemetry-fixtures.js';

/** A table holding what remembering `tokens` stores: their own fingerprints and their bytes'. */
function tableOf(...tokens: string[]): FingerprintTable {
  const table = new FingerprintTable(16);
  for (const token of tokens) {
    table.addAll(tokenPrints(token));
    table.addAll(bytePrints(token));
  }
  return table;
}

const holds = (table: FingerprintTable | undefined, text: string) => {
  const bytes = Buffer.from(text, 'latin1');
  return decodedHoldsPiece(table, bytes, bytes.length);
};

describe('decoded bytes read like raw text', () => {
  const token = mint({ sub: 'decoded-owner' });
  const table = tableOf(token);

  test('finds the token, and each segment standing apart (after a colon, inside quotes)', () => {
    expect(holds(table, `user:${token}`)).toBe(true);
    for (const segment of token.split('.')) {
      expect(holds(table, `{"s":"${segment.slice(0, 16)}"}`)).toBe(true);
      expect(holds(table, `{"s":"${segment.slice(-16)}"}`)).toBe(true);
    }
  });

  test('finds any piece of 23 bytes glued between any printable bytes', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 23 }),
        fc.integer({ min: 23, max: 60 }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        (start, length, before, after) =>
          holds(table, `${before}${token.slice(start, start + length)}${after}`),
      ),
      { numRuns: 500 },
    );
  });

  test('non-printable bytes cut runs: a piece split by one is two shorter pieces', () => {
    const piece = token.slice(40, 70);
    expect(holds(table, `${piece.slice(0, 15)}\u0001${piece.slice(15)}`)).toBe(false);
  });
});

describe('tokens of any characters', () => {
  test('are found by pieces of 23 bytes holding spaces, quotes and punctuation', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 30, maxLength: 120 }), fc.nat(), (token, offset) => {
        const table = tableOf(token);
        const start = offset % (token.length - 22);
        expect(holds(table, `\u0000${token.slice(start, start + 23)}\u0000`)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('unrelated printable text finds nothing', () => {
    const table = tableOf('a credential with "quotes", spaces & symbols: 1234567890');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => !holds(table, text)),
      { numRuns: 300 },
    );
  });
});

describe('JWT-shaped bytes', () => {
  test('are found without a table, and bytes that only start like one are not', () => {
    const stranger = mint({ sub: 'stranger' });
    expect(holds(undefined, `{"token":"${stranger}"}`)).toBe(true);
    expect(holds(undefined, `${stranger.split('.')[0]}.short`)).toBe(false);
    expect(holds(undefined, `${stranger.split('.')[0]}..${'x'.repeat(16)}`)).toBe(true);
  });
});
