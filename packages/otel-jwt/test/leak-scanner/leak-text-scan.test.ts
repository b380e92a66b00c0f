import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNeedles } from '../../src/leak-scanner/leak-needles.js';
import type { LeakForm, TextHit } from '../../src/leak-scanner/leak-report.js';
import { scanText } from '../../src/leak-scanner/leak-text-scan.js';
import { leakToken, partsOf } from '../support/leak-telemetry.js';

const TOKEN = leakToken();
const needles = buildNeedles([TOKEN]);
const { header, payload, signature, piece } = partsOf(TOKEN);

const b64 = (bytes: Uint8Array | string, encoding: 'base64' | 'base64url' | 'hex' = 'base64'): string =>
  Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes) : bytes).toString(encoding);

function only(text: string): TextHit {
  const hits = scanText(text, needles);
  expect(hits).toHaveLength(1);
  return hits[0] as TextHit;
}

describe('scanText matches', () => {
  it('names the whole token, a segment, two segments and a signature piece by what they cover', () => {
    expect(only(`a ${TOKEN} b`)).toMatchObject({ match: 'token', form: 'raw', start: 2, tokenStart: 0 });
    expect(only(`h=${header}`).match).toBe('segment');
    expect(only(`p=${payload};`).match).toBe('segment');
    expect(only(`${signature}`).match).toBe('segment');
    expect(only(`${header}.${payload}`).match).toBe('segment');
    const start = TOKEN.indexOf(piece);
    expect(only(`x${piece}x`)).toMatchObject({
      match: 'substring',
      start: 1,
      end: 17,
      tokenStart: start,
      tokenEnd: start + 16,
    });
  });

  it('ignores 15 characters of a token and a token in another letter case', () => {
    expect(scanText(`x${piece.slice(0, 15)}x`, needles)).toEqual([]);
    expect(scanText(TOKEN.toUpperCase(), needles).filter((hit) => hit.form === 'raw')).toEqual([]);
  });

  it('finds the token percent-encoded with dots as %2E or %2e, as one url-encoded match', () => {
    for (const dot of ['%2E', '%2e']) {
      const encoded = TOKEN.replaceAll('.', dot);
      expect(only(`/cb?t=${encoded}&x`)).toMatchObject({
        form: 'url-encoded',
        match: 'token',
        start: 6,
        end: 6 + encoded.length,
        tokenStart: 0,
        tokenEnd: TOKEN.length,
      });
    }
  });

  it('finds base64 of the token at each byte alignment, whole within the 2 bytes base64 shares', () => {
    for (const before of ['', 'x', 'xy']) {
      const hit = only(`data:${b64(`${before}${TOKEN}`)}`);
      expect(hit).toMatchObject({ form: 'base64', match: 'token' });
      expect(hit.tokenStart).toBeLessThanOrEqual(2);
      expect(hit.tokenEnd).toBeGreaterThanOrEqual(TOKEN.length - 2);
    }
  });

  it('finds hex of the token in either letter case', () => {
    for (const hex of [b64(TOKEN, 'hex'), b64(TOKEN, 'hex').toUpperCase()]) {
      expect(only(`0x${hex}`)).toMatchObject({
        form: 'hex',
        match: 'token',
        start: 2,
        tokenEnd: TOKEN.length,
      });
    }
  });

  it('reports separate occurrences separately, in text order', () => {
    const hits = scanText(`${piece} and ${TOKEN.replaceAll('.', '%2E')}`, needles);
    expect(hits.map((hit) => [hit.form, hit.start])).toEqual([
      ['raw', 0],
      ['url-encoded', 21],
    ]);
  });

  it('keeps offsets in UTF-16 code units after astral characters', () => {
    expect(only(`😀é${piece}`)).toMatchObject({ start: 3, end: 19 });
  });
});

const BASE64URL = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'];
const segment = fc.string({ unit: fc.constantFrom(...BASE64URL), minLength: 16, maxLength: 80 });
const jwtLike = fc.tuple(segment, segment, segment).map((parts) => parts.join('.'));
/** Code points of any plane: substrings are cut between code points. */
const unicodeToken = fc.array(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), {
  minLength: 16,
  maxLength: 60,
});

/** A token (as code points) and a substring of 16 or more code points of it. */
const planted = (tokens: fc.Arbitrary<string[]>) =>
  tokens.chain((points) =>
    fc.integer({ min: 0, max: points.length - 16 }).chain((start) =>
      fc.integer({ min: start + 16, max: points.length }).map((end) => ({
        token: points.join(''),
        sub: points.slice(start, end).join(''),
      })),
    ),
  );

type Planting = (sub: string, before: Uint8Array, after: Uint8Array) => { text: string; forms: LeakForm[] };

const FORMS: Record<string, Planting> = {
  raw: (sub) => ({ text: sub, forms: ['raw'] }),
  'url-encoded %2E': (sub) => ({
    text: encodeURIComponent(sub).replaceAll('.', '%2E'),
    forms: ['raw', 'url-encoded'],
  }),
  'url-encoded %2e': (sub) => ({
    text: encodeURIComponent(sub).replaceAll('.', '%2e'),
    forms: ['raw', 'url-encoded'],
  }),
  base64: (sub, before, after) => ({
    text: b64(Buffer.concat([before, Buffer.from(sub), after])),
    forms: ['base64', 'base64url'],
  }),
  base64url: (sub, before, after) => ({
    text: b64(Buffer.concat([before, Buffer.from(sub), after]), 'base64url'),
    forms: ['base64', 'base64url'],
  }),
  hex: (sub, before, after) => ({
    text: b64(Buffer.concat([before, Buffer.from(sub), after]), 'hex'),
    forms: ['hex'],
  }),
  HEX: (sub, before, after) => ({
    text: b64(Buffer.concat([before, Buffer.from(sub), after]), 'hex').toUpperCase(),
    forms: ['hex'],
  }),
};

const unplanted = [leakToken(), leakToken()];

describe.each(Object.entries(FORMS))('scanText property, %s form', (_name, plant) => {
  const bytes = fc.uint8Array({ maxLength: 5 });
  const property = (tokens: fc.Arbitrary<string[]>) =>
    fc.property(
      planted(tokens),
      fc.string(),
      fc.string(),
      bytes,
      bytes,
      ({ token, sub }, left, right, x, y) => {
        const { text, forms } = plant(sub, x, y);
        const hits = scanText(`${left}${text}${right}`, buildNeedles([token, ...unplanted]));
        const inside = hits.filter(
          (hit) =>
            hit.tokenIndex === 0 &&
            forms.includes(hit.form) &&
            hit.start < left.length + text.length &&
            hit.end > left.length,
        );
        expect(inside.length).toBeGreaterThan(0);
        expect(hits.filter((hit) => hit.tokenIndex !== 0)).toEqual([]);
      },
    );

  it('finds any 16+ character substring of a JWT-shaped token planted anywhere, and no other token', () => {
    fc.assert(property(jwtLike.map((token) => [...token])));
  });

  it('finds any 16+ code point substring of a token of any characters planted anywhere', () => {
    fc.assert(property(unicodeToken));
  });
});

describe('a raw token next to an escape-like percent sign', () => {
  it('finds a raw substring whose first characters read as a percent escape', () => {
    const token = leakToken();
    const sub = token.slice(0, 20);
    const hits = scanText(`%${sub}`, buildNeedles([token]));
    expect(hits.some((hit) => hit.tokenIndex === 0)).toBe(true);
  });

  it('calls a raw piece raw when the letter before it also ends a percent escape of the token (E of %2E)', () => {
    const token = 'AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAA';
    const hits = scanText('EAAAAAAAAAAAAAAAA', buildNeedles([token]));
    expect(hits).toEqual([
      { tokenIndex: 0, form: 'raw', match: 'substring', start: 0, end: 17, tokenStart: 17, tokenEnd: 32 },
    ]);
  });

  it('calls a raw piece raw when a percent sign that could begin the escape of the next dot follows it', () => {
    const token = 'CwlIfVq_FET-k0nQc8QbdWAEApfy4VDukXR2dZ.vvL986ytDKv4lQhdacAfb1N2D3FS6.wVbQmXqjLMo1BhcI3';
    const piece = 'v4lQhdacAfb1N2D3FS6';
    for (const after of ['%', '%2', '%x']) {
      const hits = scanText(`${piece}${after}`, buildNeedles([token]));
      expect(hits.map((hit) => [hit.form, hit.start, hit.tokenStart, hit.tokenEnd])).toEqual([
        ['raw', 0, 49, 68],
      ]);
    }
    const escaped = scanText(`${piece}%2Ew`, buildNeedles([token]));
    expect(escaped.map((hit) => hit.form)).toEqual(['url-encoded']);
  });
});
