import { describe, expect, it } from 'vitest';
import { offsetMap, percentEncoded, utf8Length } from '../../src/leak-scanner/leak-offset-map.js';

describe('offsetMap', () => {
  it('maps output ranges to the token characters they fully cover', () => {
    // 'a' -> 1 byte, 'é' -> 2 bytes, '😀' (2 UTF-16 units) -> 4 bytes, 'b' -> 1 byte.
    const map = offsetMap('aé😀b', utf8Length);
    expect([...map.first]).toEqual([0, 1, 2, 2, 4, 4, 4, 4, 5]);
    expect([...map.after]).toEqual([0, 1, 1, 2, 2, 2, 2, 4, 5]);
    // Bytes [1, 7) hold 'é😀' whole: token units [1, 4).
    expect([map.first[1], map.after[7]]).toEqual([1, 4]);
    // Bytes [2, 6) start and end inside characters: nothing whole.
    expect((map.after[6] ?? 0) - (map.first[2] ?? 0)).toBeLessThanOrEqual(0);
  });

  it('counts UTF-8 bytes as Buffer does, a lone surrogate as the 3 bytes of U+FFFD', () => {
    for (const text of ['a', 'é', '€', '😀', '\ud800']) {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text));
    }
  });
});

describe('percentEncoded', () => {
  it('encodes as encodeURIComponent, dots as %2E when asked, and gives up on lone surrogates', () => {
    expect(percentEncoded('a.b c', false)).toBe('a.b%20c');
    expect(percentEncoded('a.b c', true)).toBe('a%2Eb%20c');
    expect(percentEncoded('\ud800', false)).toBeUndefined();
  });
});
