import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JsonNode, parseJsonWithPositions } from '../../src/leak-scanner/otlp-json-parse.js';

/** The parsed value back as plain JSON, to compare with JSON.parse. */
function plain(node: JsonNode): unknown {
  if (node.type === 'string') return node.value;
  if (node.type === 'array') return node.items.map(plain);
  if (node.type === 'object') return node.members.map((member) => [member.name.value, plain(member.value)]);
  return null;
}

function jsonParsePlain(value: unknown): unknown {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(jsonParsePlain);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).map(([name, item]) => [name, jsonParsePlain(item)]);
  }
  return null;
}

describe('parseJsonWithPositions', () => {
  it('keeps where each string literal lies, quotes included', () => {
    const text = ' {"a" : ["xy", 1, true, null, "z\\"q"]} ';
    const parsed = parseJsonWithPositions(text, 64);
    expect(parsed).toMatchObject({ ok: true });
    if (!parsed.ok || parsed.root.type !== 'object') throw new Error('not an object');
    const [member] = parsed.root.members;
    expect(member?.name).toEqual({ type: 'string', value: 'a', start: 2, end: 5 });
    if (member?.value.type !== 'array') throw new Error('not an array');
    expect(member.value.items[0]).toEqual({ type: 'string', value: 'xy', start: 9, end: 13 });
    expect(member.value.items[4]).toEqual({ type: 'string', value: 'z"q', start: 30, end: 36 });
    expect(text.slice(30, 36)).toBe('"z\\"q"');
  });

  it('decodes escapes, \\u escapes and surrogate pairs', () => {
    const parsed = parseJsonWithPositions('"\\u0065yJ\\n\\ud83d\\ude00\\/"', 8);
    expect(parsed).toMatchObject({ ok: true, root: { value: 'eyJ\n😀/' } });
  });

  it.each([
    ['', 0],
    ['{"a":1,}', 7],
    ['[1 2]', 3],
    ['"abc', 0],
    ['"a\u0001b"', 0],
    ['"\\x"', 0],
    ['{"a" 1}', 5],
    ['01', 1],
    ['{} {}', 3],
    ['tru', 0],
  ])('refuses invalid JSON %j with the offset where it stopped', (text, offset) => {
    expect(parseJsonWithPositions(text, 8)).toEqual({ ok: false, reason: 'invalid_json', offset });
  });

  it('refuses nesting deeper than the limit as too_deep, without exhausting the stack', () => {
    expect(parseJsonWithPositions('[[[1]]]', 3)).toMatchObject({ ok: true });
    expect(parseJsonWithPositions('[[[1]]]', 2)).toEqual({ ok: false, reason: 'too_deep', offset: 2 });
    const bomb = '['.repeat(1_000_000);
    expect(parseJsonWithPositions(bomb, 256)).toEqual({ ok: false, reason: 'too_deep', offset: 256 });
  });

  it('agrees with JSON.parse on any JSON value', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const parsed = parseJsonWithPositions(text, 1000);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(plain(parsed.root)).toEqual(jsonParsePlain(JSON.parse(text)));
      }),
    );
  });

  it('accepts exactly what JSON.parse accepts, for any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json().map((text) => text.slice(1)),
        ),
        (text) => {
          let valid = true;
          try {
            JSON.parse(text);
          } catch {
            valid = false;
          }
          expect(parseJsonWithPositions(text, 1000).ok).toBe(valid);
        },
      ),
    );
  });
});
