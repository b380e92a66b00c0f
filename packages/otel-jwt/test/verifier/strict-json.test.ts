import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseStrictJson } from '../../src/verifier/strict-json.js';

const DEEP = 1000;

function parsedValue(text: string, maxDepth = DEEP): unknown {
  const parsed = parseStrictJson(text, maxDepth);
  if (!parsed.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got ${parsed.fault}`);
  return parsed.value;
}

function faultOf(text: string, maxDepth = DEEP): string | undefined {
  const parsed = parseStrictJson(text, maxDepth);
  return parsed.ok ? undefined : parsed.fault;
}

function expectDeeplyFrozen(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  expect(Object.isFrozen(value)).toBe(true);
  for (const member of Object.values(value)) expectDeeplyFrozen(member);
}

describe('RFC 8259 grammar', () => {
  test.each([
    ['a lone number', '0'],
    ['a lone negative zero', '-0'],
    ['a lone string', '"s"'],
    ['the lone literal true', 'true'],
    ['the lone literal false', 'false'],
    ['the lone literal null', 'null'],
    ['numbers with fraction and exponent', '[1.5e+3, -12.25E-2, 1E2, 0.0, -0.5e0]'],
    ['empty containers', '[{}, [], {"a": []}]'],
    ['the four JSON whitespace characters around every token', ' \t\n\r{ "a" \t: \n[ 1 ,\r2 ] }\r\n\t '],
    ['every short escape', String.raw`"\" \\ \/ \b \f \n \r \t"`],
    ['unicode escapes in either case, including a surrogate pair', String.raw`"\u00e9\u00E9\ud83d\ude00"`],
    ['a lone surrogate escape, as JSON.parse does', String.raw`"\ud800"`],
    ['raw DEL and non-ASCII characters inside strings', '"\u007f é 😀"'],
    ['a huge exponent that overflows to Infinity, as JSON.parse does', '1e400'],
  ])('accepts %s, with the same value as JSON.parse', (_, text) => {
    expect(parsedValue(text)).toEqual(JSON.parse(text));
  });

  test.each([
    ['a trailing comma in an object', '{"a":1,}'],
    ['a trailing comma in an array', '[1,]'],
    ['a leading comma in an array', '[,1]'],
    ['a doubled comma', '[1,,2]'],
    ['a leading zero', '01'],
    ['a leading zero after a minus sign', '-01'],
    ['a leading zero inside an array', '[00]'],
    ['a plus sign before a number', '+1'],
    ['a fraction without integer digits', '.5'],
    ['a fraction without digits', '1.'],
    ['an exponent without digits', '1e+'],
    ['a lone minus sign', '-'],
    ['a hexadecimal number', '0x10'],
    ['NaN', 'NaN'],
    ['Infinity', '-Infinity'],
    ['a \\x escape', String.raw`"\x41"`],
    ['a \\u escape with a non-hex digit', String.raw`"\u12G4"`],
    ['a \\u escape with three digits', String.raw`"\u123"`],
    ['an escaped single quote', String.raw`"\'"`],
    ['an upper-case \\U escape', String.raw`"\U0041"`],
    ['a raw NUL inside a string', '"a\u0000b"'],
    ['a raw tab inside a string', '"a\tb"'],
    ['a raw line feed inside a string', '"a\nb"'],
    ['a raw control character after an escape', '"\\n\u001f"'],
    ['an unterminated string', '"abc'],
    ['a string ending in an escaped quote', '"abc\\"'],
    ['an unterminated array', '[1'],
    ['a member without a value', '{"a":}'],
    ['a single-quoted string', "'a'"],
    ['an unquoted member name', '{a:1}'],
    ['a capitalised literal', 'True'],
    ['a truncated literal', 'nul'],
    ['a literal followed by letters', 'truex'],
    ['two lone values', '1 2'],
    ['two objects back to back', '{}{}'],
    ['an empty text', ''],
    ['a text of only whitespace', ' \n'],
    ['a comment', '{} // note'],
    ['a vertical tab as whitespace', '\u000b1'],
    ['a form feed as whitespace', '\f1'],
    ['a no-break space as whitespace', '\u00a01'],
    ['a line separator after the value', '1\u2028'],
    ['a leading byte order mark', '\ufeff{}'],
    ['a trailing byte order mark', '{}\ufeff'],
  ])('rejects %s as invalid_json, as JSON.parse does', (_, text) => {
    expect(faultOf(text)).toBe('invalid_json');
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });
});

describe('duplicate member names', () => {
  test.each([
    ['a repeated name', '{"a":1,"a":2}'],
    ['an escaped repeat of a plain name', String.raw`{"a":1,"\u0061":2}`],
    ['a plain repeat of an escaped name', String.raw`{"\u0061":1,"a":2}`],
    ['a repeated empty name', '{"":1,"":2}'],
    ['a repeated __proto__ name', '{"__proto__":{},"__proto__":{}}'],
    ['a repeat inside a nested object', '{"x":{"b":true,"b":true}}'],
    ['a repeat inside an array member', '[{"a":null,"a":null}]'],
  ])('rejects %s as duplicate_member', (_, text) => {
    expect(faultOf(text)).toBe('duplicate_member');
  });

  test('accepts names that differ only in case or trailing space', () => {
    expect(parsedValue('{"a":1,"A":2,"a ":3}')).toEqual({ a: 1, A: 2, 'a ': 3 });
  });
});

describe('nesting depth', () => {
  test.each([
    ['arrays', '[[[1]]]', '[[[[1]]]]'],
    ['objects', '{"a":{"b":{"c":1}}}', '{"a":{"b":{"c":{}}}}'],
    ['mixed objects and arrays', '[{"a":[1]}]', '[{"a":[[]]}]'],
  ])('accepts %s exactly at maxDepth and rejects one level more as json_too_deep', (_, atLimit, over) => {
    expect(parsedValue(atLimit, 3)).toEqual(JSON.parse(atLimit));
    expect(faultOf(over, 3)).toBe('json_too_deep');
  });

  test('does not count scalars as a nesting level', () => {
    expect(parsedValue('"s"', 0)).toBe('s');
    expect(parsedValue('{"a":"b"}', 1)).toEqual({ a: 'b' });
    expect(faultOf('[]', 0)).toBe('json_too_deep');
  });

  test('refuses nesting far beyond maxDepth without exhausting the stack', () => {
    const text = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(faultOf(text, 16)).toBe('json_too_deep');
    expect(parseStrictJson(text, Number.MAX_SAFE_INTEGER).ok).toBe(false);
  });
});

describe('__proto__ member', () => {
  test('keeps "__proto__" an own enumerable property and leaves the prototype alone', () => {
    const value = parsedValue('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
    expect(value.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('treats an escaped "__proto__" name like the plain one', () => {
    const value = parsedValue(String.raw`{"\u005f_proto__":[1]}`) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Array.isArray(value)).toBe(false);
  });
});

describe('frozen results', () => {
  test('returns every nested object and array frozen', () => {
    const value = parsedValue('{"a":[{"b":[1,{"c":{}}]}],"d":{"e":[]}}');
    expectDeeplyFrozen(value);
    expect(() => {
      (value as { a: unknown[] }).a.push(1);
    }).toThrow(TypeError);
  });
});

describe('agreement with JSON.parse', () => {
  test('parses every fc.json() text (no duplicate names) to a deeply frozen value equal to JSON.parse', () => {
    fc.assert(
      fc.property(fc.json({ stringUnit: 'binary' }), fc.boolean(), (compact, indent) => {
        const text = indent ? JSON.stringify(JSON.parse(compact), null, 2) : compact;
        const value = parsedValue(text);
        expect(value).toEqual(JSON.parse(text));
        expectDeeplyFrozen(value);
      }),
      { numRuns: 500 },
    );
  });

  test('never throws on arbitrary strings and accepts only what JSON.parse accepts, with the same value', () => {
    const mutatedJson = fc
      .tuple(fc.json(), fc.nat(), fc.nat({ max: 3 }), fc.string({ unit: 'binary', maxLength: 3 }))
      .map(([text, at, cut, insert]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + cut);
      });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), mutatedJson), (text) => {
        const parsed = parseStrictJson(text, DEEP);
        let reference: { value: unknown } | undefined;
        try {
          reference = { value: JSON.parse(text) };
        } catch {
          reference = undefined;
        }
        if (parsed.ok) expect(parsed.value).toEqual(reference?.value);
        else if (reference !== undefined) expect(parsed.fault).toBe('duplicate_member');
        else expect(parsed.fault).toBe('invalid_json');
      }),
      { numRuns: 2000 },
    );
  });
});
