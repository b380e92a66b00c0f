import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
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
      return () => pipeline.endSpan(fill);
    });
    expect(curve.ratio).toBeLessThanOrEqual(3);
  });
});
