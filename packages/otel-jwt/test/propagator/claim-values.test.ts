import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { baggageText, claimValue, type ValueLimits } from '../../src/propagator/claim-values.js';

const LIMITS: ValueLimits = { maxValueChars: 8, maxItems: 3, splitSpaces: false };
const SPLIT: ValueLimits = { ...LIMITS, splitSpaces: true };

describe('claimValue: strings', () => {
  test('a string within the limit is kept as it is', () => {
    expect(claimValue('admin', LIMITS)).toBe('admin');
    expect(claimValue('12345678', LIMITS)).toBe('12345678');
  });

  test('a string over the limit is dropped whole, never truncated', () => {
    expect(claimValue('admin-readonly', LIMITS)).toBeUndefined();
    expect(claimValue('123456789', LIMITS)).toBeUndefined();
  });

  test('for any string the result is the string itself or nothing, never a cut-down string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 16 }), (value, max) => {
        const result = claimValue(value, { ...LIMITS, maxValueChars: max });
        expect(result === value || result === undefined).toBe(true);
        expect(result === undefined).toBe(value.length > max);
      }),
    );
  });

  test("split 'space' turns a space-delimited string into a string array, skipping empty parts", () => {
    expect(claimValue('  read  write ', SPLIT)).toEqual(['read', 'write']);
  });

  test("split 'space' splits on the space character only, not on tabs", () => {
    expect(claimValue('r\tw x', SPLIT)).toEqual(['r\tw', 'x']);
  });

  test("split 'space' of an empty string is an empty array", () => {
    expect(claimValue('', SPLIT)).toEqual([]);
  });

  test("split 'space' with more parts than maxItems drops the value whole", () => {
    expect(claimValue('a b c d', SPLIT)).toBeUndefined();
  });

  test("split 'space' with one part over maxValueChars drops the value whole", () => {
    expect(claimValue('read write-everything', SPLIT)).toBeUndefined();
  });
});

describe('claimValue: token material and malformed text', () => {
  const WIDE: ValueLimits = { maxValueChars: 1024, maxItems: 8, splitSpaces: false };
  /** A JWT-shaped value built at run time: a base64url JSON header, a payload and a signature. */
  const jwtShaped = [
    Buffer.from('{"alg":"ES256","typ":"JWT"}').toString('base64url'),
    Buffer.from('{"sub":"someone-else"}').toString('base64url'),
    'c2lnbmF0dXJlLWJ5dGVzLWhlcmU',
  ].join('.');

  test('a JWT-shaped string is dropped so a claim cannot carry a token onto spans', () => {
    expect(claimValue(jwtShaped, WIDE)).toBeUndefined();
    expect(claimValue(`prefix ${jwtShaped}`, WIDE)).toBeUndefined();
  });

  test('an array with one JWT-shaped item is dropped whole', () => {
    expect(claimValue(['admin', jwtShaped], WIDE)).toBeUndefined();
  });

  test("a JWT-shaped part of a split 'space' claim drops the whole claim", () => {
    expect(claimValue(`read ${jwtShaped}`, { ...WIDE, splitSpaces: true })).toBeUndefined();
  });

  test('a string with a lone surrogate, which baggage cannot encode, is dropped', () => {
    expect(claimValue('admin\ud800', WIDE)).toBeUndefined();
    expect(claimValue(['admin', '\udc00x'], WIDE)).toBeUndefined();
  });

  test('well-formed non-ASCII and dotted names are kept', () => {
    expect(claimValue('Zoë 🙂', WIDE)).toBe('Zoë 🙂');
    expect(claimValue(['orders.read', 'a.b.c'], WIDE)).toEqual(['orders.read', 'a.b.c']);
  });
});

describe('claimValue: numbers, booleans and arrays', () => {
  test('booleans are kept', () => {
    expect([claimValue(true, LIMITS), claimValue(false, LIMITS)]).toEqual([true, false]);
  });

  test('finite numbers are kept whatever their length', () => {
    expect(claimValue(0, LIMITS)).toBe(0);
    expect(claimValue(-1.5, LIMITS)).toBe(-1.5);
    expect(claimValue(123456789012345, LIMITS)).toBe(123456789012345);
  });

  test.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'the non-finite number %s is dropped',
    (value) => {
      expect(claimValue(value, LIMITS)).toBeUndefined();
    },
  );

  test('an array of strings, numbers and booleans becomes a string array', () => {
    expect(claimValue(['admin', 7, true], LIMITS)).toEqual(['admin', '7', 'true']);
  });

  test('an empty array stays an empty array', () => {
    expect(claimValue([], LIMITS)).toEqual([]);
  });

  test('an array with more items than maxItems is dropped whole', () => {
    expect(claimValue(['a', 'b', 'c', 'd'], LIMITS)).toBeUndefined();
  });

  test('an array with one item over maxValueChars is dropped whole', () => {
    expect(claimValue(['a', 'admin-readonly'], LIMITS)).toBeUndefined();
  });

  test('an array whose number renders longer than maxValueChars is dropped whole', () => {
    expect(claimValue([123456789], LIMITS)).toBeUndefined();
  });

  test.each([
    ['an object', ['a', { role: 'admin' }]],
    ['null', ['a', null]],
    ['a nested array', ['a', ['b']]],
    ['NaN', ['a', Number.NaN]],
    ['Infinity', [Number.POSITIVE_INFINITY]],
  ])('an array holding %s is dropped whole', (_label, value) => {
    expect(claimValue(value, LIMITS)).toBeUndefined();
  });

  test('array items are never split on spaces, even with split space', () => {
    expect(claimValue(['read write'], { ...SPLIT, maxValueChars: 20 })).toEqual(['read write']);
  });

  test.each([
    ['an object', { role: 'admin' }],
    ['null', null],
    ['undefined', undefined],
    ['a bigint', 10n],
    ['a function', () => 'admin'],
  ])('a claim that is %s is dropped', (_label, value) => {
    expect(claimValue(value, LIMITS)).toBeUndefined();
  });
});

describe('baggageText', () => {
  test('strings, numbers and booleans are written as text', () => {
    expect([baggageText('acme'), baggageText(42), baggageText(false)]).toEqual(['acme', '42', 'false']);
  });

  test('a string holding a comma is kept: percent-encoding keeps it one member', () => {
    expect(baggageText('a,b')).toBe('a,b');
  });

  test('an array is joined with commas', () => {
    expect(baggageText(['admin', 'dev'])).toBe('admin,dev');
  });

  test('an array with an item holding a comma is refused as ambiguous', () => {
    expect(baggageText(['admin', 'dev,ops'])).toBeUndefined();
  });

  test('for arrays without commas in items, splitting the text on commas gives the items back', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1 }).filter((s) => !s.includes(',')),
          { minLength: 1 },
        ),
        (items) => {
          expect(baggageText(items)?.split(',')).toEqual(items);
        },
      ),
    );
  });
});
