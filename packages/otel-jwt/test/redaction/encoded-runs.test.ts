import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildNeedles } from '../../src/leak-scanner/leak-needles.js';
import { scanText } from '../../src/leak-scanner/leak-text-scan.js';
import { holdsEncodedPiece, redactEncodedRuns } from '../../src/redaction/encoded-runs.js';
import { resolveRedaction } from '../../src/redaction/redaction-config.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { REDACTED, redactText } from '../../src/redaction/text-redaction.js';
import { mint } from '../support/telemetry-fixtures.js';

/**
 * The differential between the two halves of the package: a remembered token planted in any form the
 * leak scanner counts, at any offset, with any text around it, leaves nothing the scanner finds once
 * redacted; text without token material is left as it is.
 */
const rules = resolveRedaction(undefined, 'redaction');
afterAll(() => seenTokens.clear());

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const base64url = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...BASE64URL), minLength: min, maxLength: max });
const jwtShaped = fc
  .tuple(base64url(13, 60), base64url(16, 300), base64url(16, 90))
  .map(([header, payload, signature]) => `eyJ${header}.${payload}.${signature}`);
/** Printable ASCII of every kind: spaces, quotes, `%`, `+`, `/`, `=`... */
const anyCharacters = fc.string({ minLength: 26, maxLength: 150 });
const opaque = base64url(26, 150);
const anyToken = fc.oneof(jwtShaped, opaque, anyCharacters);
/** Whatever an application writes around the encoded form. */
const around = fc.string({ maxLength: 24 });
/** Bytes before and after the token inside the encoded data: any byte offset, any neighbour. */
const neighbours = fc.string({ maxLength: 7 });

const leaksOf = (token: string, text: string) => scanText(text, buildNeedles([token]));

function percentEveryByte(text: string, upper: boolean): string {
  const hex = [...Buffer.from(text)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  return upper ? hex.toUpperCase() : hex;
}

/** Each form the leak scanner counts, of the token inside data `before + token + after`. */
const FORMS: Record<string, (data: string, token: string) => string> = {
  base64: (data) => Buffer.from(data).toString('base64'),
  'base64 without padding': (data) => Buffer.from(data).toString('base64').replace(/=+$/, ''),
  base64url: (data) => Buffer.from(data).toString('base64url'),
  hex: (data) => Buffer.from(data).toString('hex'),
  'hex in upper case': (data) => Buffer.from(data).toString('hex').toUpperCase(),
  'percent-encoded': (data) => encodeURIComponent(data),
  'percent-encoded, escapes in lower case': (data) =>
    encodeURIComponent(data).replace(/%[0-9A-F]{2}/g, (percent) => percent.toLowerCase()),
  'percent-encoded with dots as %2E': (_, token) => encodeURIComponent(token).replaceAll('.', '%2E'),
  'percent-encoded byte by byte': (_, token) => percentEveryByte(token, false),
  'percent-encoded byte by byte, upper case': (_, token) => percentEveryByte(token, true),
};

describe('a remembered token in an encoded form leaves nothing the leak scanner finds', () => {
  beforeAll(() => seenTokens.clear());
  test.each(Object.entries(FORMS))('%s, at any offset, with any text around', (_, encode) => {
    fc.assert(
      fc.property(anyToken, neighbours, neighbours, around, around, (token, before, after, left, right) => {
        seenTokens.remember(token, 'vouched');
        const text = `${left}${encode(`${before}${token}${after}`, token)}${right}`;
        expect(leaksOf(token, redactText(text, rules))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  test('a token of 16 to 22 characters set apart in the encoded data is found too', () => {
    const short = fc.string({ unit: fc.constantFrom(...BASE64URL), minLength: 16, maxLength: 22 });
    const form = fc.constantFrom(...Object.values(FORMS));
    fc.assert(
      fc.property(
        short,
        fc.constantFrom('user:', '{"t":"', 'a b ', ''),
        form,
        around,
        (token, label, encode, left) => {
          seenTokens.remember(token, 'vouched');
          const text = `${left} ${encode(`${label}${token}`, token)} end`;
          expect(leaksOf(token, redactText(text, rules))).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('what is replaced', () => {
  test('the whole encoded run, and nothing around it', () => {
    const token = mint({ sub: 'run-owner' });
    seenTokens.remember(token, 'vouched');
    const basic = Buffer.from(`user:${token}`).toString('base64');
    expect(redactText(`Authorization was Basic ${basic} (refused)`, rules)).toBe(
      `Authorization was Basic ${REDACTED}${basic.slice(basic.search(/=*$/))} (refused)`,
    );
    const hex = Buffer.from(token).toString('hex');
    expect(redactText(`dump ${hex}, done`, rules)).toBe(`dump ${REDACTED}, done`);
    const path = `/callback/${percentEveryByte(token, true)}/next`;
    expect(redactText(path, rules)).toBe(`/callback/${REDACTED}/next`);
  });

  test('runs that overlap, as escapes next to base64, are replaced as one', () => {
    const token = mint({ sub: 'overlap-owner' });
    seenTokens.remember(token, 'vouched');
    const base64 = Buffer.from(token).toString('base64');
    const text = `a ${encodeURIComponent(`x ${token}`)}${base64} b`;
    expect(redactEncodedRuns(text, REDACTED)).toBe(`a ${REDACTED}${base64.slice(base64.search(/=*$/))} b`);
  });

  test('JWT-shaped text nobody remembered is found percent-encoded, and base64- or hex-encoded once any token is remembered', () => {
    seenTokens.clear();
    const stranger = mint({ sub: 'never-remembered' });
    expect(holdsEncodedPiece(percentEveryByte(stranger, false))).toBe(true);
    expect(holdsEncodedPiece(encodeURIComponent(stranger).replaceAll('.', '%2e'))).toBe(true);
    expect(holdsEncodedPiece(Buffer.from(stranger).toString('base64'))).toBe(false);
    seenTokens.remember(mint({ sub: 'someone-else' }), 'vouched');
    expect(holdsEncodedPiece(Buffer.from(`{"t":"${stranger}"}`).toString('base64'))).toBe(true);
    expect(holdsEncodedPiece(Buffer.from(stranger).toString('hex'))).toBe(true);
  });

  test('a token forgotten by its pool is no longer found in encoded text', () => {
    seenTokens.clear();
    const token = 'opaque credential with spaces and "quotes" 0123';
    seenTokens.remember(token, 'vouched');
    const encoded = Buffer.from(token).toString('base64');
    expect(holdsEncodedPiece(encoded)).toBe(true);
    seenTokens.clear();
    seenTokens.remember(mint({ sub: 'another' }), 'vouched');
    expect(holdsEncodedPiece(encoded)).toBe(false);
  });
});

describe('text without token material is left alone', () => {
  const randomBytes = fc.uint8Array({ minLength: 0, maxLength: 200 }).map((bytes) => Buffer.from(bytes));
  const innocentPart = fc.oneof(
    fc.string({ unit: fc.constantFrom(...' abcXYZ019-_./+%:,;!~*()[]{}'), maxLength: 40 }),
    randomBytes.map((bytes) => bytes.toString('base64')),
    randomBytes.map((bytes) => bytes.toString('base64url')),
    randomBytes.map((bytes) => bytes.toString('hex')),
    randomBytes.map((bytes) => percentEveryByte(bytes.toString('latin1'), false)),
    randomBytes.map((bytes) => encodeURIComponent(bytes.toString('latin1'))),
    fc.uuid(),
  );
  const innocent = fc.array(innocentPart, { maxLength: 8 }).map((parts) => parts.join(' '));

  test('random text, random base64, hex and escapes, with tokens of every kind remembered', () => {
    seenTokens.clear();
    fc.assert(
      fc.property(fc.array(anyToken, { minLength: 1, maxLength: 3 }), innocent, (tokens, text) => {
        for (const token of tokens) seenTokens.remember(token, 'vouched');
        expect(redactText(text, rules)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  test('a run of id characters is not decoded while no token calls for it, and is once one does', () => {
    seenTokens.clear();
    seenTokens.remember(mint({ sub: 'plain' }), 'vouched');
    expect(seenTokens.skipsIds).toBe(true);
    const hexToken = '0123456789abcdef0123456789abcdef-0123456789';
    seenTokens.remember(hexToken, 'vouched');
    expect(seenTokens.skipsIds).toBe(false);
    expect(holdsEncodedPiece(Buffer.from(`id=${hexToken}`).toString('base64'))).toBe(true);
  });
});
