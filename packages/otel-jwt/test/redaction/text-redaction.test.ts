import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { buildNeedles } from '../../src/leak-scanner/leak-needles.js';
import { scanText } from '../../src/leak-scanner/leak-text-scan.js';
import { resolveRedaction } from '../../src/redaction/redaction-config.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { REDACTED, redactLabel, redactText } from '../../src/redaction/text-redaction.js';
import { tokenMaterialIn } from '../support/leak-scanner.js';
import { mint } from '../support/telemetry-fixtures.js';

afterEach(() => seenTokens.clear());
const rules = resolveRedaction(undefined, 'redaction');

describe('JWT-shaped text', () => {
  test('replaces a compact JWS inside a sentence and keeps the sentence', () => {
    const token = mint();
    expect(redactText(`token ${token} was refused`, rules)).toBe(`token ${REDACTED} was refused`);
  });

  test('replaces a JWS it has never seen, signed by anyone', () => {
    const token = mint({ sub: 'never-remembered' });
    expect(tokenMaterialIn(token, [redactText(`x=${token}`, rules)])).toBeUndefined();
  });

  test('replaces a compact JWE, also one with an empty key segment', () => {
    const header = Buffer.from('{"alg":"dir","enc":"A256GCM"}').toString('base64url');
    const jwe = `${header}..${'a'.repeat(16)}.${'b'.repeat(40)}.${'c'.repeat(22)}`;
    expect(redactText(`jwe ${jwe}`, rules)).toBe(`jwe ${REDACTED}`);
  });

  test('replaces the whole run of token characters, so no half of a token stays', () => {
    const token = mint();
    expect(redactText(`abc${token}.def`, rules)).toBe(REDACTED);
  });

  test('leaves host names, paths, UUIDs and base64 JSON without dots alone', () => {
    for (const text of [
      'GET https://orders.internal.example.com/api/v1/orders/123',
      '/work/main/packages/otel-jwt/src/text-redaction.ts:42:7',
      '123e4567-e89b-12d3-a456-426614174000',
      Buffer.from('{"cursor":"next-page-please"}').toString('base64url'),
    ]) {
      expect(redactText(text, rules)).toBe(text);
    }
  });

  test('returns the very same string when nothing is redacted', () => {
    const text = 'a plain message about orders and payments';
    expect(redactText(text, rules)).toBe(text);
  });
});

describe('pieces of tokens this process has seen', () => {
  test('replaces the signature segment alone once the token was seen', () => {
    const token = mint();
    const signature = token.split('.')[2] as string;
    expect(redactText(`value ${signature}`, rules)).toContain(signature);
    seenTokens.remember(token, 'vouched');
    expect(redactText(`signature ${signature} end`, rules)).toBe(`signature ${REDACTED} end`);
  });

  test('replaces a 16-character prefix of the token', () => {
    const token = mint();
    seenTokens.remember(token, 'vouched');
    expect(redactText(`starts ${token.slice(0, 16)}`, rules)).toBe(`starts ${REDACTED}`);
  });

  test('no token material survives when any piece of a seen token is planted in any text', () => {
    const token = mint({ sub: 'planted' });
    seenTokens.remember(token, 'vouched');
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        fc.nat({ max: token.length - 23 }),
        fc.integer({ min: 23, max: token.length }),
        (before, after, start, length) => {
          const piece = token.slice(start, start + length);
          const out = redactText(`${before}${piece}${after}`, rules);
          return tokenMaterialIn(piece, [out]) === undefined;
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('the leak scanner finds nothing left of a remembered token, raw or as util.inspect writes it', () => {
  const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const run = (min: number, max: number) =>
    fc.string({ unit: fc.constantFrom(...BASE64URL), minLength: min, maxLength: max });
  // The raw form is looked for in runs of base64url characters and dots (docs/redaction.md, limits).
  const token = fc.oneof(
    fc.tuple(run(13, 60), run(16, 300), run(16, 90)).map(([h, p, s]) => `eyJ${h}.${p}.${s}`),
    run(23, 200),
  );
  const leaks = (remembered: string, text: string) => scanText(text, buildNeedles([remembered]));

  test('raw, with any text around it', () => {
    fc.assert(
      fc.property(
        token,
        fc.string({ maxLength: 30 }),
        fc.string({ maxLength: 30 }),
        (remembered, before, after) => {
          seenTokens.remember(remembered, 'vouched');
          expect(leaks(remembered, redactText(`${before}${remembered}${after}`, rules))).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('util.inspect of objects holding it: nested, quoted any way, in long and multi-line strings', () => {
    const note = fc.string({ maxLength: 30 });
    const holders = (remembered: string, text: string, quote: string): unknown[] => [
      { user: { auth: { token: remembered } } },
      { header: `Bearer ${remembered}`, note: `${quote}${text}` },
      [text, `${text}\n${remembered}\n${'x'.repeat(200)}`],
      new Map([['token', remembered]]),
      { long: `${'y'.repeat(9_990)}${remembered}` },
    ];
    fc.assert(
      fc.property(
        token,
        note,
        fc.constantFrom("'", '"', '`', `'"\``),
        fc.nat({ max: 4 }),
        (remembered, text, quote, pick) => {
          seenTokens.remember(remembered, 'vouched');
          const printed = inspect(holders(remembered, text, quote)[pick], { depth: 5 });
          expect(leaks(remembered, redactText(printed, rules))).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('util.inspect changes only characters outside base64url and dots, or cuts long strings', () => {
    const remembered = mint({ sub: 'inspected' });
    seenTokens.remember(remembered, 'vouched');
    expect(inspect({ t: `it's "${remembered}"` })).toContain(remembered);
    const cut = inspect({ t: `${'y'.repeat(9_970)}${remembered}` });
    expect(cut).toContain(`${remembered.slice(0, 30)}'...`);
    expect(redactText(cut, rules)).not.toContain(remembered.slice(0, 23));
  });
});

describe('sensitive query parameters and JSON members', () => {
  test('replaces the value of a parameter whose name is percent-encoded', () => {
    expect(redactText('/cb?access%5Ftoken=opaque-value&access%5ftoken=x', rules)).toBe(
      `/cb?access%5Ftoken=${REDACTED}&access%5ftoken=${REDACTED}`,
    );
  });

  test('replaces access_token, id_token, refresh_token, code and token values in a URL', () => {
    const url =
      'https://app.example/cb?code=abc123&state=xyz&access_token=opaque1&id_token=opaque2&refresh_token=r&token=t';
    expect(redactText(url, rules)).toBe(
      `https://app.example/cb?code=${REDACTED}&state=xyz&access_token=${REDACTED}&id_token=${REDACTED}&refresh_token=${REDACTED}&token=${REDACTED}`,
    );
  });

  test('matches parameter names in any case and after a fragment', () => {
    expect(redactText('/cb#Access_Token=abc&expires_in=3600', rules)).toBe(
      `/cb#Access_Token=${REDACTED}&expires_in=3600`,
    );
  });

  test('replaces the instrumentation defaults such as X-Amz-Signature too', () => {
    expect(redactText('?X-Amz-Signature=deadbeef&a=1', rules)).toBe(`?X-Amz-Signature=${REDACTED}&a=1`);
  });

  test('does not touch parameters that merely end with a sensitive name', () => {
    expect(redactText('?postcode=12345&zipcode=1', rules)).toBe('?postcode=12345&zipcode=1');
  });

  test('replaces a token response logged as JSON', () => {
    const body = '{"access_token":"opaque-value","token_type":"Bearer","refresh_token":"r-1"}';
    expect(redactText(body, rules)).toBe(
      `{"access_token":"${REDACTED}","token_type":"Bearer","refresh_token":"${REDACTED}"}`,
    );
  });

  test('a value that is already REDACTED counts as unchanged', () => {
    const text = `?access_token=${REDACTED}`;
    expect(redactText(text, rules)).toBe(text);
  });
});

describe('additions of the configuration', () => {
  test('an extra query parameter is replaced besides the built-in ones', () => {
    const extra = resolveRedaction({ queryParameters: ['signature_v2'] }, 'redaction');
    expect(redactText('?signature_v2=s&token=t', extra)).toBe(`?signature_v2=${REDACTED}&token=${REDACTED}`);
  });

  test('an extra value pattern is replaced everywhere it matches, on top of the built-in rules', () => {
    const extra = resolveRedaction({ valuePatterns: [/sk_live_[A-Za-z0-9]{8,}/] }, 'redaction');
    const token = mint();
    expect(redactText(`keys sk_live_abcdefgh12 and sk_live_zzzzzzzz99 with ${token}`, extra)).toBe(
      `keys ${REDACTED} and ${REDACTED} with ${REDACTED}`,
    );
  });
});

describe('hostile text', () => {
  test('work grows linearly: 64 times the text takes far less than 64 squared times as long', () => {
    const unit = `${'eyJ'.repeat(30)}.${'a'.repeat(10)}?token=&&==""`;
    const time = (text: string) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 5; i++) redactText(text, rules);
      return Number(process.hrtime.bigint() - start);
    };
    time(unit.repeat(64));
    const small = Math.min(time(unit.repeat(16)), time(unit.repeat(16)));
    const large = Math.min(time(unit.repeat(1024)), time(unit.repeat(1024)));
    // Linear work gives about 64; quadratic about 4096. The margin absorbs a noisy machine.
    expect(large / small).toBeLessThan(640);
  });
});

describe('names (span, event and link names)', () => {
  test('a name found clean is checked again once a token holding it is remembered', () => {
    const token = mint({ sub: 'named-span' });
    const name = `GET ${token.split('.')[2]}`;
    expect(redactLabel(name, rules)).toBe(name);
    seenTokens.remember(token, 'vouched');
    expect(redactLabel(name, rules)).toBe(`GET ${REDACTED}`);
  });

  test('a name holding a token is replaced every time, never remembered as clean', () => {
    const name = `refresh ${mint({ sub: 'name-holder' })}`;
    expect(redactLabel(name, rules)).toBe(`refresh ${REDACTED}`);
    expect(redactLabel(name, rules)).toBe(`refresh ${REDACTED}`);
  });
});
