import { describe, expect, it } from 'vitest';
import { buildNeedles } from '../../src/leak-scanner/leak-needles.js';
import {
  fieldPath,
  formatPath,
  indexPath,
  keyPath,
  keyPrinter,
  memberPath,
} from '../../src/leak-scanner/leak-path.js';
import { leakToken } from '../support/leak-telemetry.js';

const TOKEN = leakToken();
const printable = keyPrinter(buildNeedles([TOKEN]), [TOKEN]);

describe('formatPath', () => {
  it('writes fields, indexes, keys and member names as JSON-path-like text', () => {
    const spans = indexPath(fieldPath(undefined, 'spans'), 2);
    expect(formatPath(keyPath(fieldPath(spans, 'attributes'), 'http.url', 0), printable)).toBe(
      'spans[2].attributes["http.url"]',
    );
    expect(formatPath(memberPath(spans, 'future', 4), printable)).toBe('spans[2].future');
    expect(formatPath(memberPath(spans, 'odd name', 4), printable)).toBe('spans[2]["odd name"]');
    expect(formatPath(keyPath(undefined, 'k', 0), printable)).toBe('["k"]');
  });

  it('writes the root as $', () => {
    expect(formatPath(undefined, printable)).toBe('$');
  });

  it('withholds keys holding 8 characters of a token, token material, or over 100 characters', () => {
    for (const key of [TOKEN.slice(40, 48), `x${TOKEN.slice(100, 108)}x`, 'k'.repeat(101)]) {
      expect(formatPath(keyPath(fieldPath(undefined, 'attributes'), key, 3), printable)).toBe(
        'attributes[#3]',
      );
      expect(formatPath(memberPath(undefined, key, 5), printable)).toBe('[#5]');
    }
    expect(printable(TOKEN.slice(40, 47))).toBe(true);
    expect(printable(Buffer.from(TOKEN).toString('base64').slice(8, 30))).toBe(false);
  });
});
