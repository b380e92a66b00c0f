import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  INSTRUMENTATION_QUERY_DEFAULTS,
  parameterNames,
  SENSITIVE_QUERY_PARAMETERS,
} from '../../src/redaction/query-parameters.js';

const names = parameterNames(['Signature_V2']);
const lowered = new Set(
  [...SENSITIVE_QUERY_PARAMETERS, ...INSTRUMENTATION_QUERY_DEFAULTS, 'Signature_V2'].map((name) =>
    name.toLowerCase(),
  ),
);
const includes = (name: string) => names.includes(`?${name}=`, 1, name.length + 1);

describe('sensitive parameter names', () => {
  test('matches every built-in name and every addition in any letter case', () => {
    for (const name of lowered) {
      expect(includes(name)).toBe(true);
      expect(includes(name.toUpperCase())).toBe(true);
    }
    expect(includes('signature_v2')).toBe(true);
  });

  test('turns away ordinary parameter names', () => {
    for (const name of ['page', 'sort', 'limit', 'state', 'redirect_uri', 'code_', 'tokens', '']) {
      expect(includes(name)).toBe(false);
    }
  });

  test('a name written with a non-ASCII letter that lower-cases to ASCII (the Kelvin sign) still matches', () => {
    expect('\u212Aey'.toLowerCase()).toBe('key');
    expect(includes('\u212Aey')).toBe(true);
    expect(includes('ac\u212Aess_token')).toBe(false);
  });

  test('a name with percent escapes, in either case, matches as the name it decodes to', () => {
    for (const name of [
      'access%5Ftoken',
      'access%5ftoken',
      '%63ode',
      '%61%63%63%65%73%73%5F%74%6F%6B%65%6E',
    ]) {
      expect(includes(name)).toBe(true);
    }
    for (const name of ['page%5F', 'access%5', '%2525code', 'tok%en']) expect(includes(name)).toBe(false);
  });

  test('agrees with a lower-case set lookup on any text', () => {
    const letters = fc.constantFrom(...'acdeiklnoprstwyACDEIKLNOPRSTWY_-\u212A\u0130'.split(''));
    const name = fc.oneof(
      fc.constantFrom(...lowered).map((known) => known.toUpperCase()),
      fc.array(letters, { maxLength: 14 }).map((chars) => chars.join('')),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(name, (candidate) => {
        const decoded = candidate.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
          String.fromCharCode(Number.parseInt(hex, 16)),
        );
        return includes(candidate) === lowered.has(decoded.toLowerCase());
      }),
      { numRuns: 3000 },
    );
  });
});
