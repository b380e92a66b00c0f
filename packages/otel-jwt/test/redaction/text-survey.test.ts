import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import {
  HAS_EQUALS,
  HAS_QUOTE,
  HOLDS_SEEN_PIECE,
  MAY_BE_ENCODED,
  MAY_BE_SHAPED,
  surveyText,
} from '../../src/redaction/text-survey.js';
import { mint } from '../support/telemetry-fixtures.js';

afterEach(() => seenTokens.clear());

const flagged = (text: string) => (surveyText(text, undefined, true) & MAY_BE_ENCODED) !== 0;

/** Base64 digit values of both alphabets. */
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const value = (char: string) => (char === '-' ? 62 : char === '_' ? 63 : `${DIGITS}+/`.indexOf(char));

/** The definition: a digit fits its place in a group of printable bytes (see run-decoding.ts). */
function fits(place: number, digit: number): boolean {
  if (place === 0) return digit >= 8 && digit <= 31;
  if (place === 1) return (digit & 15) >= 2 && (digit & 15) <= 7;
  if (place === 2) return (digit & 3) <= 1;
  return true;
}

/** Whether some run of base64 digits has, from some phase, 20 digits in a row that fit. */
function decodable(text: string): boolean {
  for (const run of text.match(/[A-Za-z0-9+/_-]+/g) ?? []) {
    for (let phase = 0; phase < 4; phase++) {
      let row = 0;
      for (let at = phase; at < run.length; at++) {
        row = fits((at - phase) & 3, value(run[at] as string)) ? row + 1 : 0;
        if (row >= 20) return true;
      }
    }
  }
  return false;
}

describe('the flags', () => {
  test('tell an equals sign, a quote, an eyJ and a remembered piece apart', () => {
    const token = mint({ sub: 'surveyed' });
    seenTokens.remember(token, 'vouched');
    const flags = seenTokens.survey(`a=b "c" eyJ x ${token.split('.')[2]}`);
    for (const flag of [HAS_EQUALS, HAS_QUOTE, MAY_BE_SHAPED, HOLDS_SEEN_PIECE])
      expect(flags & flag).toBe(flag);
    expect(
      seenTokens.survey('plain words') & (HAS_EQUALS | HAS_QUOTE | MAY_BE_SHAPED | HOLDS_SEEN_PIECE),
    ).toBe(0);
  });
});

describe('what may be encoded', () => {
  test('a percent sign, 20 base64 digits in a row, or a piece of 32 that may be hex', () => {
    for (const text of [
      'a%41 plain words',
      `x ${Buffer.from('sixteen printable bytes').toString('base64')} y`,
      `trace ${'0af7651916cd43dd8448eb211c80319c'} done`,
      'abcdefghijklmnopqrst',
    ]) {
      expect(flagged(text)).toBe(true);
    }
  });

  test('URL paths, UUIDs, words and short runs are not: their separators stand at no multiple of 4', () => {
    for (const text of [
      'GET /api/v1/orders/8f14e45f-ceea-467f-a0e6-0123456789ab',
      'order 8f14e45f-ceea-467f-a0e6-0123456789ab done',
      'a+b plain words of a log line',
      'page=2&sort=created_at&limit=50',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
      'abcdefghijklmnopqrs',
    ]) {
      expect(flagged(text)).toBe(false);
    }
  });

  test('every run the base64 scan would decode is flagged: the survey only ever passes over what it skips', () => {
    const unit = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...`${DIGITS}`) },
      { weight: 1, arbitrary: fc.constantFrom('+', '/', '-', '_', '.', ' ') },
    );
    const text = fc.oneof(
      fc.string({ unit, maxLength: 80 }),
      fc.string({ maxLength: 60 }).map((plain) => Buffer.from(plain).toString('base64')),
      fc.string({ maxLength: 60 }).map((plain) => `/p/${Buffer.from(plain).toString('base64url')}/q`),
    );
    fc.assert(
      fc.property(text, (sample) => !decodable(sample) || flagged(sample)),
      { numRuns: 3000 },
    );
  });
});
