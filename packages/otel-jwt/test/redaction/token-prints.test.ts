import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BLOCK, bytePrints, MAX_TOKEN_CHARS, tokenPrints } from '../../src/redaction/token-prints.js';
import { BASE_A, BASE_B, isTokenChar, PRINT_WINDOW } from '../../src/redaction/window-hash.js';

/**
 * The winnowing written from its definition, window by window: each window's hashes from scratch, and
 * for every BLOCK consecutive windows of a run the one whose unsigned low half is smallest (the last
 * of equals), plus the run's first and last windows and windows next to a dot.
 */
function definition(token: string, member = isTokenChar, dots = true): Set<string> {
  const text = token.slice(0, MAX_TOKEN_CHARS);
  const kept = new Set<string>();
  const hash = (from: number) => {
    let a = 0;
    let b = 0;
    for (let i = from; i < from + PRINT_WINDOW; i++) {
      a = (Math.imul(a, BASE_A) + text.charCodeAt(i)) | 0;
      b = (Math.imul(b, BASE_B) + text.charCodeAt(i)) | 0;
    }
    return [a >>> 0, b >>> 0] as const;
  };
  for (let start = 0; start < text.length; ) {
    let end = start;
    while (end < text.length && member(text.charCodeAt(end))) end++;
    const count = end - start - PRINT_WINDOW + 1;
    const hashes = Array.from({ length: Math.max(0, count) }, (_, window) => hash(start + window));
    for (let window = 0; window < count; window++) {
      const from = start + window;
      const nearDot = dots && (text[from - 1] === '.' || text[from + PRINT_WINDOW] === '.');
      if (window === 0 || window === count - 1 || nearDot) kept.add(String(hashes[window]));
    }
    for (let first = 0; first + BLOCK <= count; first++) {
      let best = first;
      for (let window = first + 1; window < first + BLOCK; window++) {
        if ((hashes[window]?.[1] as number) <= (hashes[best]?.[1] as number)) best = window;
      }
      kept.add(String(hashes[best]));
    }
    start = end + 1;
  }
  return kept;
}

function pairs(prints: Uint32Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < prints.length; i += 2) out.push(`${prints[i]},${prints[i + 1]}`);
  return out;
}

describe('token fingerprints', () => {
  test('keep exactly the windows the definition keeps', () => {
    // Runs of few letters (repeated windows, so ties) and of many, split by dots and other characters.
    const run = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 10, maxLength: 120, size: 'max' }),
      fc.string({
        unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
        minLength: 10,
        maxLength: 120,
        size: 'max',
      }),
    );
    const text = fc
      .array(fc.tuple(run, fc.constantFrom('.', '~', '..', '')), { minLength: 1, maxLength: 6, size: 'max' })
      .map((parts) => parts.map(([chars, split]) => chars + split).join(''));
    fc.assert(
      fc.property(text, (token) => {
        const kept = pairs(tokenPrints(token));
        expect(new Set(kept)).toEqual(definition(token));
      }),
      { numRuns: 300 },
    );
  });

  test('keep about one window in four of a long random run', () => {
    const token = 'x'
      .repeat(8_000)
      .replace(/x/g, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef'[Math.floor(Math.random() * 32)] as string);
    const kept = tokenPrints(token).length / 2;
    expect(kept).toBeGreaterThan(8_000 / 6);
    expect(kept).toBeLessThan(8_000 / 3);
  });

  test('a token past the longest fingerprinted keeps its last window too', () => {
    const token = `${'a.'.repeat(MAX_TOKEN_CHARS)}0123456789ABCDEF`;
    const last = pairs(tokenPrints('0123456789ABCDEF'))[0] as string;
    expect(pairs(tokenPrints(token))).toContain(last);
  });
});

describe("fingerprints of a token's bytes, for decoded text", () => {
  const printable = (code: number) => code >= 0x20 && code <= 0x7e;

  test('a token of token characters leaves none: its own fingerprints already hold those windows', () => {
    // Built here, so no token-shaped literal lives in the repository.
    const part = (text: string) => Buffer.from(text).toString('base64url');
    const jwt = [part('{"alg":"ES256"}'), part('{"sub":"a"}'), part('signature-signature')].join('.');
    expect(bytePrints(jwt)).toHaveLength(0);
    expect(bytePrints('a'.repeat(40))).toHaveLength(0);
  });

  test('any other token leaves exactly the windows the definition keeps of its printable runs, dots ignored', () => {
    const token = fc.string({
      unit: fc.oneof(
        fc.constantFrom(' ', '"', '.', '\u0001', 'é'),
        fc.string({ minLength: 1, maxLength: 1 }),
      ),
      maxLength: 200,
    });
    fc.assert(
      fc.property(token, (text) => {
        fc.pre(!/^[A-Za-z0-9_.-]*$/.test(text));
        const bytes = Buffer.from(text).toString('latin1');
        expect(new Set(pairs(bytePrints(text)))).toEqual(definition(bytes, printable, false));
      }),
      { numRuns: 300 },
    );
  });

  test('bytes outside printable ASCII cut runs, and a token longer than the longest is cut', () => {
    expect(bytePrints(`${'é'.repeat(40)} short`)).toHaveLength(0);
    expect(bytePrints(' '.repeat(3 * MAX_TOKEN_CHARS)).length / 2).toBeLessThanOrEqual(MAX_TOKEN_CHARS);
  });
});
