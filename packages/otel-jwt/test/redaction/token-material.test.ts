import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  holdsTokenMaterial,
  holdsTokenPiece,
  looksLikeToken,
  sharesTokenPiece,
  tokenPieces,
} from '../../src/redaction/token-material.js';
import { costCurve, doubling } from '../support/cost-curve.js';

// Recognising token material in baggage. Compact tokens are built from parts here (no literal JWTs).

const HEADER = `eyJ${'h'.repeat(17)}`;
const PAYLOAD = `eyJ${'p'.repeat(29)}`;
const SIGNATURE = `${'s'.repeat(20)}S${'t'.repeat(22)}`;
const TOKEN = `${HEADER}.${PAYLOAD}.${SIGNATURE}`;

describe('looksLikeToken', () => {
  test.each([
    ['a compact JWS', TOKEN],
    ['a JWS inside other text', `session=${TOKEN}; path=/`],
    ['a header and a payload without signature', `${HEADER}.${PAYLOAD}`],
    ['the shortest match: 16 + dot + 16', `eyJ${'a'.repeat(13)}.${'b'.repeat(16)}`],
    ['a match after an earlier short eyJ run', `eyJa.eyJ${'c'.repeat(14)}.${'d'.repeat(16)}`],
    ['a match where eyJ starts inside a longer run', `xx-eyJ${'c'.repeat(14)}.${'d'.repeat(16)}`],
  ])('recognises %s', (_, value) => {
    expect(looksLikeToken(value)).toBe(true);
  });

  test.each([
    ['a host name', 'payments-service-v2.eu-west-1-production.internal'],
    ['base64 JSON without a dot', 'eyJmZWF0dXJlIjoib24ifQ'],
    ['an eyJ run of 15 characters', `eyJ${'a'.repeat(12)}.${'b'.repeat(16)}`],
    ['a second run of 15 characters', `eyJ${'a'.repeat(13)}.${'b'.repeat(15)}`],
    ['two long dotted runs without eyJ', `${'a'.repeat(20)}.${'b'.repeat(20)}.${'c'.repeat(20)}`],
    ['a dot right after eyJ', `eyJ.${'a'.repeat(40)}`],
    ['an empty string', ''],
  ])('does not flag %s', (_, value) => {
    expect(looksLikeToken(value)).toBe(false);
  });
});

describe('tokenPieces', () => {
  test('are the first 16 characters of each segment and the last 16 of the token', () => {
    expect(tokenPieces(TOKEN)).toEqual([
      HEADER.slice(0, 16),
      PAYLOAD.slice(0, 16),
      SIGNATURE.slice(0, 16),
      SIGNATURE.slice(-16),
    ]);
  });

  test('skip segments shorter than 16 characters and give none without a token', () => {
    const token = `short.${PAYLOAD}.tiny`;
    expect(tokenPieces(token)).toEqual([PAYLOAD.slice(0, 16), token.slice(-16)]);
    expect(tokenPieces(undefined)).toEqual([]);
  });
});

describe('holdsTokenPiece', () => {
  const pieces = tokenPieces(TOKEN);

  test.each([
    ['the start of the signature', SIGNATURE.slice(0, 16)],
    ['the end of the signature, wrapped', `x-${SIGNATURE.slice(-16)}-y`],
    ['the start of the payload', PAYLOAD.slice(0, 20)],
    ['the whole token', TOKEN],
  ])('finds %s', (_, value) => {
    expect(holdsTokenPiece(value, pieces)).toBe(true);
  });

  test.each([
    ['15 characters of the signature', SIGNATURE.slice(0, 15)],
    ['an unrelated value', 'payments-service-v2.eu-west-1-production.internal'],
    ['16 characters from the middle of a segment that match no piece', SIGNATURE.slice(14, 30)],
  ])('does not flag %s', (_, value) => {
    expect(holdsTokenPiece(value, pieces)).toBe(false);
  });

  test('finds nothing without pieces', () => {
    expect(holdsTokenPiece(TOKEN, [])).toBe(false);
  });
});

describe('holdsTokenMaterial', () => {
  test('answers as looksLikeToken or holdsTokenPiece would, texts with and without eyJ alike', () => {
    const pieces = tokenPieces(TOKEN);
    const part = fc.oneof(
      fc.constantFrom('eyJ', '.', '..', ' ', 'eyJhbGciOiJ', ...pieces),
      fc.integer({ min: 0, max: TOKEN.length - 1 }).map((at) => TOKEN.slice(at, at + 20)),
      fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.eyJ'.split('')), maxLength: 24 }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        const text = parts.join('');
        expect(holdsTokenMaterial(text, pieces)).toBe(looksLikeToken(text) || holdsTokenPiece(text, pieces));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('sharesTokenPiece', () => {
  /** The definition: some 16-character window of the value occurs in the token. */
  const searched = (value: string, token: string) => {
    for (let start = 0; start + 16 <= value.length; start++) {
      if (token.includes(value.slice(start, start + 16))) return true;
    }
    return false;
  };

  test('finds any 16 characters of the token in a value, and nothing shorter', () => {
    expect(sharesTokenPiece(`role:${TOKEN.slice(30, 46)}!`, TOKEN)).toBe(true);
    expect(sharesTokenPiece(TOKEN.slice(30, 45), TOKEN)).toBe(false);
    expect(sharesTokenPiece('admin reader', TOKEN)).toBe(false);
  });

  test('finds a window at any offset of the value, and no window where only 8-character pieces of the token sit', () => {
    for (let offset = 0; offset < 9; offset++) {
      const value = `${'~'.repeat(offset)}${TOKEN.slice(40, 56)}${'~'.repeat(9 - offset)}`;
      expect(sharesTokenPiece(value, TOKEN)).toBe(true);
    }
    // Two 8-character pieces of the token, each where a piece is looked for first, but no 16 in a row.
    const pieces = `${TOKEN.slice(8, 16)}${TOKEN.slice(60, 68)}${TOKEN.slice(100, 108)}~~~~`;
    expect(searched(pieces, TOKEN)).toBe(false);
    expect(sharesTokenPiece(pieces, TOKEN)).toBe(false);
  });

  test('agrees with searching the token for every window of the value, for short and long values alike', () => {
    // Few letters, so that windows repeat and are shared; lengths reach well past the point where the
    // token's windows are indexed instead of searched.
    const unit = fc.constantFrom('a', 'b', '.', 'é');
    const text = (maxLength: number) =>
      fc.oneof(fc.string({ unit, maxLength: 40 }), fc.string({ unit, maxLength, size: 'max' }));
    fc.assert(
      fc.property(text(300), text(3000), fc.nat(), (value, token, at) => {
        expect(sharesTokenPiece(value, token)).toBe(searched(value, token));
        const from = at % Math.max(1, token.length - 15);
        const planted = `${value}${token.slice(from, from + 16)}`;
        expect(sharesTokenPiece(planted, token)).toBe(searched(planted, token));
      }),
      { numRuns: 400, endOnFailure: true },
    );
  });

  test("a verified token's claim values cost the same per token character from 1 KB to 32 KB tokens", () => {
    // identity.ts checks each claim value against the token it came from: the values grow with the token.
    const random = (length: number) =>
      Array.from(
        { length },
        () =>
          'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 62)],
      ).join('');
    const curve = costCurve(doubling(1024, 6), (size) => {
      const token = random(size);
      const values = Array.from({ length: size / 1024 }, () => random(256));
      return () => {
        for (const value of values) sharesTokenPiece(value, token);
      };
    });
    expect(curve.ratio).toBeLessThanOrEqual(3);
  });
});
