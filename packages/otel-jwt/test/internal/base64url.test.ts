import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeBase64url } from '../../src/internal/base64url.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const encode = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const nodeDecode = (text: string): Buffer => Buffer.from(text, 'base64url');

/** Bytes whose encoding ends in a partial group, so the last character has unused bits. */
const partialGroupBytes = fc.uint8Array({ minLength: 1, maxLength: 64 }).filter((b) => b.length % 3 !== 0);

describe('canonical base64url', () => {
  test('round-trips arbitrary bytes through their canonical encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const decoded = decodeBase64url(encode(bytes));
        expect(decoded).toBeInstanceOf(Buffer);
        expect(new Uint8Array(decoded ?? [])).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  test('decodes the empty string to no bytes', () => {
    expect(decodeBase64url('')?.length).toBe(0);
  });

  test('decodes the URL-safe characters - and _ (62 and 63)', () => {
    expect([...(decodeBase64url('----') ?? [])]).toEqual([0xfb, 0xef, 0xbe]);
    expect([...(decodeBase64url('____') ?? [])]).toEqual([0xff, 0xff, 0xff]);
  });

  test('accepts only strings that are the canonical encoding of what they decode to', () => {
    const chars = fc.constantFrom(...`${ALPHABET}=+/ \n.%é`.split(''));
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 12 }), (text) => {
        const decoded = decodeBase64url(text);
        if (decoded !== undefined) expect(encode(decoded)).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('non-canonical input', () => {
  test('rejects "=" padding that Node would skip', () => {
    fc.assert(
      fc.property(partialGroupBytes, (bytes) => {
        const padded = Buffer.from(bytes).toString('base64').replaceAll('+', '-').replaceAll('/', '_');
        expect(padded.endsWith('=')).toBe(true);
        expect(new Uint8Array(nodeDecode(padded))).toEqual(bytes);
        expect(decodeBase64url(padded)).toBeUndefined();
      }),
    );
  });

  test.each([
    ['a space', ' '],
    ['a line feed', '\n'],
    ['a carriage return', '\r'],
    ['a tab', '\t'],
  ])('rejects %s anywhere in the segment', (_, space) => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 48 }), fc.nat(), (bytes, at) => {
        const text = encode(bytes);
        const i = at % (text.length + 1);
        const spaced = text.slice(0, i) + space + text.slice(i);
        expect(new Uint8Array(nodeDecode(spaced))).toEqual(bytes);
        expect(decodeBase64url(spaced)).toBeUndefined();
      }),
    );
  });

  test.each([
    ['"+" from the standard alphabet', '++++'],
    ['"/" from the standard alphabet', '////'],
    ['a mix of standard and URL-safe characters', '-+_/'],
  ])('rejects %s', (_, text) => {
    expect(nodeDecode(text).length).toBe(3);
    expect(decodeBase64url(text)).toBeUndefined();
  });

  test.each([
    ['a dot', 'AA.A'],
    ['a percent sign', 'AA%3'],
    ['a non-ASCII letter', 'AAéA'],
    ['a NUL character', 'A\u0000AA'],
    ['a character above 0xFF whose low byte is "A"', 'A\u0141AA'],
    ['a character above 0xFF whose low byte is "-"', 'AA\u012dA'],
    ['a lone surrogate', 'AA\ud800A'],
  ])('rejects a segment holding %s', (_, text) => {
    expect(decodeBase64url(text)).toBeUndefined();
  });

  test('agrees with a character-by-character reference on strings of any ASCII and some wider characters', () => {
    const reference = (text: string): Buffer | undefined => {
      if (text.length % 4 === 1 || !/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
      const decoded = nodeDecode(text);
      return encode(decoded) === text ? decoded : undefined;
    };
    const ascii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));
    const chars = fc.constantFrom(
      ...ascii,
      ...ALPHABET.split(''),
      'é',
      '\u0141',
      '\u012d',
      '\ud800',
      '\u{1F600}',
    );
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 16 }), (text) => {
        const expected = reference(text);
        const decoded = decodeBase64url(text);
        expect(decoded === undefined ? undefined : [...decoded]).toEqual(
          expected === undefined ? undefined : [...expected],
        );
      }),
      { numRuns: 5000 },
    );
  });

  test('rejects every segment whose length is 1 more than a multiple of 4', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...ALPHABET.split('')), maxLength: 40 }),
        fc.constantFrom(...ALPHABET.split('')),
        (body, last) => {
          const text = body.slice(0, body.length - (body.length % 4)) + last;
          expect(text.length % 4).toBe(1);
          expect(decodeBase64url(text)).toBeUndefined();
        },
      ),
    );
  });

  test('rejects the non-canonical twin whose unused tail bits are set, which Node decodes to the same bytes', () => {
    fc.assert(
      fc.property(partialGroupBytes, fc.integer({ min: 1, max: 15 }), (bytes, flip) => {
        const canonical = encode(bytes);
        const unusedMask = canonical.length % 4 === 2 ? 0b1111 : 0b11;
        const bits = flip & unusedMask;
        fc.pre(bits !== 0);
        const last = ALPHABET.indexOf(canonical.charAt(canonical.length - 1));
        const twin = canonical.slice(0, -1) + ALPHABET.charAt(last ^ bits);
        expect(twin).not.toBe(canonical);
        expect(new Uint8Array(nodeDecode(twin))).toEqual(bytes);
        expect(decodeBase64url(twin)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});
