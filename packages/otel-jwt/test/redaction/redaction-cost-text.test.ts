import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { buildNeedles } from '../../src/leak-scanner/leak-needles.js';
import { scanText } from '../../src/leak-scanner/leak-text-scan.js';
import { resolveRedaction } from '../../src/redaction/redaction-config.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { redactText } from '../../src/redaction/text-redaction.js';
import { costCurve, doubling } from '../support/cost-curve.js';
import { tokenMaterialIn } from '../support/leak-scanner.js';
import { costPipeline } from '../support/redaction-cost.js';

/**
 * The cost of redacting one attribute value grows with its length, never faster: per character it
 * stays flat from 1 KB to 64 KB, for ordinary text, text full of token material, and text made of what
 * each scan looks back or ahead for (see support/cost-curve.ts).
 */
let pipeline: ReturnType<typeof costPipeline>;
// A pipeline per test, so no test starts with caches another one filled.
beforeEach(() => {
  pipeline = costPipeline();
});
afterAll(() => seenTokens.clear());

/** `pieces` repeated in turn to `size` characters, starting with `variant`. */
function repeat(size: number, variant: number, pieces: readonly string[]): string {
  let out = `${variant}`;
  for (let index = 0; out.length < size; index++) out += pieces[index % pieces.length];
  return out.slice(0, size);
}

/** Log-like text: a query string, JSON members, quoted values. */
const CLEAN = [' GET /orders?page=2&sort=asc "user": "alice" status=200 agent="curl/8"'];

/** The same text, with the token (verified, so remembered) in a query parameter, a JSON member and bare. */
const dirty = (token: string) => [
  ...CLEAN,
  ...CLEAN,
  ` GET /cb?code=${token}&state=1 "refresh_token": "${token}" saw ${token}.`,
];

/** What the parameter and member scans look back or ahead for: `=` after long names, `:` after quotes, escapes. */
const DELIMITERS = [
  `${'a'.repeat(127)}=`,
  '&token=&code=x=y=z;',
  '"token":"\\"token\\":\\"',
  '"a"    :    "b", "',
  '"access_token" : "x" ',
];

/** What the token scans look for: `eyJ` over and over, dots, long runs of token characters, pieces of the token. */
const runs = (token: string) => [
  `eyJ${'eyJ'.repeat(20)}.eyJ.`,
  `${'Ab9_-'.repeat(60)}.`,
  `eyJhbGciOiJIUzI1NiJ9.${'x'.repeat(15)} `,
  ` ${token.slice(0, 40)}`,
  `${token.slice(-30)}~`,
];

/** The token base64-encoded inside other data, hex-encoded and percent-encoded, among clean text. */
const encodedDirty = (token: string) => [
  ...CLEAN,
  ` ${Buffer.from(`user:${token}`).toString('base64')} ${Buffer.from(token).toString('hex')}`,
  ` /cb/${encodeURIComponent(token).replaceAll('.', '%2E')}/x ${Buffer.from(`{"t":"${token}"}`).toString('base64url')}`,
];

/**
 * What the encoded scans decode without finding a token: base64 of printable text (decoded and hashed
 * whole), hex of it, escapes, runs of digits that fit printable bytes from every phase.
 */
const ENCODED_NOISE = [
  ` ${Buffer.from('{"order":42,"note":"nothing secret in this document"}').toString('base64')}`,
  ` ${Buffer.from('plain printable text, no token in it').toString('hex')}`,
  ` ${encodeURIComponent('a path/with spaces & "quotes", long enough to decode')}`,
  ` ${'%41%62'.repeat(20)}`,
  ` ${'QUJD'.repeat(30)}`,
  ` ${'0123456789abcdef'.repeat(8)}`,
];

/** One run of a single encoding as long as the string: decoded, and hashed, from end to end. */
const ONE_RUN: Record<string, string> = {
  base64: Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWX').toString('base64'),
  hex: Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZ').toString('hex'),
  escapes: '%41%42%43%44%45%46%47%48%49%4a%4b%4c%4d%4e%4f%50',
};

describe('cost of redacting one string per character', () => {
  const scenarios: [string, (size: number, variant: number) => string][] = [
    ['without token material', (size, variant) => repeat(size, variant, CLEAN)],
    ['with the token throughout', (size, variant) => repeat(size, variant, dirty(pipeline.token))],
    [
      'made of the delimiters the parameter scans look for',
      (size, variant) => repeat(size, variant, DELIMITERS),
    ],
    [
      'made of the runs the token scans look for',
      (size, variant) => repeat(size, variant, runs(pipeline.token)),
    ],
    [
      'with the token base64-, hex- and percent-encoded throughout',
      (size, variant) => repeat(size, variant, encodedDirty(pipeline.token)),
    ],
    [
      'made of base64, hex and escapes that are not tokens',
      (size, variant) => repeat(size, variant, ENCODED_NOISE),
    ],
    ...Object.entries(ONE_RUN).map(([name, unit]): [string, (size: number, variant: number) => string] => [
      `made of one run of ${name} decoding to printable text`,
      (size, variant) => repeat(size, variant, [unit]),
    ]),
  ];
  test.each(scenarios)('flat from 1 KB to 64 KB, %s', (_, make) => {
    const curve = costCurve(doubling(1024, 7), (size) => {
      // Distinct values in turn, so a value remembered as clean under its key is never the next one.
      const values = [0, 1, 2, 3].map((variant) => make(size, variant));
      let turn = 0;
      const fill = (span: { setAttribute(key: string, value: string): unknown }) => {
        span.setAttribute('app.body', values[turn++ % values.length] as string);
      };
      const exported = String(pipeline.exportedSpan(fill)?.attributes['app.body']);
      expect(tokenMaterialIn(pipeline.token, [exported])).toBeUndefined();
      expect(scanText(exported, buildNeedles([pipeline.token]))).toEqual([]);
      return () => pipeline.endSpan(fill);
    });
    expect(curve.ratio).toBeLessThanOrEqual(3);
  });
});

describe('cost of redacting one string per remembered token', () => {
  const rules = resolveRedaction(undefined, 'redaction');
  const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const random = (length: number) =>
    Array.from({ length }, () => BASE64URL[Math.floor(Math.random() * 64)]).join('');
  const jwt = () => `eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.${random(120)}.${random(86)}`;

  test('the same per string from 64 to 1,024 tokens remembered: lookups never go token by token', () => {
    seenTokens.clear();
    const latest: string[] = [];
    const curve = costCurve(doubling(64, 5), (size) => {
      // Remembered up to `size` tokens in all; each size redacts `size` strings, so the cost per item is
      // the cost of one string with that many tokens remembered.
      while (seenTokens.tokens.vouched < size) {
        const token = jwt();
        seenTokens.remember(token, 'vouched');
        latest.push(token);
      }
      const token = latest.at(-1) as string;
      const texts = Array.from({ length: size }, (_, index) =>
        repeat(600, index, [...ENCODED_NOISE, ...encodedDirty(token)]),
      );
      const redacted = redactText(texts[0] as string, rules);
      expect(scanText(redacted, buildNeedles([token]))).toEqual([]);
      return () => {
        for (const text of texts) redactText(text, rules);
      };
    });
    expect(curve.ratio).toBeLessThanOrEqual(3);
  });
});
