import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hasAnyIdWindow, skipsToIdWindow } from '../../src/redaction/id-windows.js';
import { hasEncodedIdWindow, hasIdWindow } from '../../src/redaction/window-hash.js';

const ID = '0123456789abcdefABCDEF-'.split('');
const OTHER = 'ghXYZ_.=+/ é😀'.split('');

describe('id windows found by skipping', () => {
  test('agree with the character-by-character search on strings of every density of id characters', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 99 }), fc.constantFrom(...ID), fc.constantFrom(...OTHER)),
          {
            maxLength: 80,
          },
        ),
        (density, picks) => {
          const text = picks.map(([draw, id, other]) => (draw < density ? id : other)).join('');
          expect(skipsToIdWindow(text)).toBe(hasIdWindow(text));
        },
      ),
      { numRuns: 5000 },
    );
  });

  test.each([
    ['exactly 16 id characters', '0123456789abcdef', true],
    ['15 id characters', '0123456789abcde', false],
    ['16 id characters broken in the middle', '01234567_9abcdef', false],
    ['a window at the very end', 'xxxxxxxxxxxxxxxxxxx0123456789abcdef', true],
    ['a window right after a run of 15', '0123456789abcdeX0123456789abcdef', true],
    ['two runs of 15 either side of one other character', '0123456789abcdeX0123456789abcde', false],
    ['an empty text', '', false],
  ])('finds %s: %s', (_, text, expected) => {
    expect(skipsToIdWindow(text)).toBe(expected);
    expect(hasIdWindow(text)).toBe(expected);
  });

  test('a token has an id window, raw or in base64url, exactly when the character-by-character checks say so', () => {
    const tokenChars = fc.constantFrom(...'ABCDEFabcdef0123456789-_.xyzXYZ'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: tokenChars, maxLength: 120 }), (token) => {
        expect(hasAnyIdWindow(token)).toBe(hasIdWindow(token) || hasEncodedIdWindow(token));
      }),
      { numRuns: 3000 },
    );
  });
});
