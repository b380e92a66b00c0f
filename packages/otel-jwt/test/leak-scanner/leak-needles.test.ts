import { describe, expect, it } from 'vitest';
import {
  buildNeedles,
  LEAK_WINDOW,
  type Needle,
  needlesOf,
  normalizePercent,
} from '../../src/leak-scanner/leak-needles.js';
import type { WindowTable } from '../../src/leak-scanner/leak-window-table.js';
import { leakToken } from '../support/leak-telemetry.js';

const TOKEN = leakToken();

/** Every window of an index with each of its needles. */
function all(table: WindowTable): [string, Needle][] {
  return [...needlesOf(table)];
}

describe('buildNeedles', () => {
  it('makes one raw window per position of the token, covering exactly its 16 characters', () => {
    const raw = all(buildNeedles([TOKEN]).text).filter(([, needle]) => needle.form === 'raw');
    expect(raw).toHaveLength(TOKEN.length - LEAK_WINDOW + 1);
    for (const [window, needle] of raw) expect(TOKEN.slice(needle.tokenStart, needle.tokenEnd)).toBe(window);
  });

  it('makes url-encoded windows only where an escape is, covering at least 14 token characters', () => {
    const url = all(buildNeedles([TOKEN]).text).filter(([, needle]) => needle.form === 'url-encoded');
    // A 3-character escape (`%2E` for each of the two dots) overlaps 18 windows.
    expect(url).toHaveLength(2 * 18);
    for (const [window, needle] of url) {
      expect(window).toMatch(/%|^2E|^E/);
      expect(needle.tokenEnd - needle.tokenStart).toBeGreaterThanOrEqual(14);
      expect(window).toContain(TOKEN.slice(needle.tokenStart, needle.tokenEnd).replaceAll('.', '%2E'));
    }
  });

  it('maps base64 and hex windows to the token characters they encode', () => {
    const needles = buildNeedles([TOKEN]);
    const encoded = [...all(needles.text), ...all(needles.hex)].filter(
      ([, needle]) => needle.form === 'base64' || needle.form === 'base64url' || needle.form === 'hex',
    );
    expect(encoded.length).toBeGreaterThan(3 * TOKEN.length);
    for (const [window, needle] of encoded) {
      // 16 base64 characters hold 12 bytes, 11 whole ones when not on a group boundary.
      expect(needle.tokenEnd - needle.tokenStart).toBeGreaterThanOrEqual(needle.form === 'hex' ? 15 : 11);
      // The window is in the encoding of the covered characters and of the bits they share a character
      // with, started on one of the 3 byte alignments.
      const around = Buffer.from(TOKEN.slice(Math.max(0, needle.tokenStart - 3), needle.tokenEnd + 1));
      const encodings = [0, 1, 2].map((skip) =>
        around.subarray(skip).toString(needle.form as BufferEncoding),
      );
      expect(encodings.some((text) => text.includes(window))).toBe(true);
    }
  });

  it('searches a token given twice once, under its first index', () => {
    const needles = buildNeedles([TOKEN, TOKEN]);
    const indexes = new Set(all(needles.text).map(([, needle]) => needle.tokenIndex));
    expect(indexes).toEqual(new Set([0]));
  });

  it('maps windows of a token with multi-byte characters to whole characters', () => {
    const token = 'é😀abcdefghijklmnopqrstuvwxyz.ü';
    const needles = buildNeedles([token]);
    const windows = [...all(needles.text), ...all(needles.hex)];
    for (const [, needle] of windows.filter(([, { form }]) => form !== 'raw')) {
      expect(needle.tokenStart).toBeGreaterThanOrEqual(0);
      expect(needle.tokenEnd).toBeLessThanOrEqual(token.length);
      // No encoded window starts or ends inside the surrogate pair of 😀 (UTF-16 units 1 and 2).
      expect(needle.tokenStart).not.toBe(2);
      expect(needle.tokenEnd).not.toBe(2);
    }
  });
});

describe('normalizePercent', () => {
  it('upper-cases percent escapes only, keeping the length', () => {
    expect(normalizePercent('a%2eb%zz%c3%a9%')).toBe('a%2Eb%zz%C3%A9%');
    expect(normalizePercent('no escapes')).toBe('no escapes');
  });
});
