import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  MAX_JTI_CHARS,
  MAX_NUMERIC_DATE,
  parseDenyListDocument,
} from '../../src/revocation/deny-list-document.js';

const NOW_MS = 1_700_000_000_000;
const NOW = NOW_MS / 1000;
const parse = (body: unknown, maxEntries = 100) =>
  parseDenyListDocument(JSON.stringify(body), NOW_MS, maxEntries);

describe('parseDenyListDocument', () => {
  test('maps each live jti to when its entry goes, in milliseconds', () => {
    const entries = parse({
      revoked: [
        { jti: 'a', exp: NOW + 60 },
        { jti: 'b', exp: NOW + 1 },
      ],
    });
    expect(entries).toEqual(
      new Map([
        ['a', NOW_MS + 60_000],
        ['b', NOW_MS + 1000],
      ]),
    );
  });

  test('with a grace, keeps an entry until exp plus the grace, one just past its exp included', () => {
    const text = JSON.stringify({
      revoked: [
        { jti: 'just-expired', exp: NOW - 5 },
        { jti: 'grace-over', exp: NOW - 30 },
        { jti: 'live', exp: NOW + 60 },
      ],
    });
    expect(parseDenyListDocument(text, NOW_MS, 100, 30_000)).toEqual(
      new Map([
        ['just-expired', NOW_MS + 25_000],
        ['live', NOW_MS + 90_000],
      ]),
    );
  });

  test('rounds exp plus the grace up to whole seconds, as long as the claims check accepts the token', () => {
    const text = JSON.stringify({
      revoked: [
        { jti: 'half', exp: NOW + 100.5 },
        { jti: 'whole', exp: NOW + 100 },
        { jti: 'just-past', exp: NOW - 0.25 },
      ],
    });
    expect(parseDenyListDocument(text, NOW_MS, 100)).toEqual(
      new Map([
        ['half', NOW_MS + 101_000],
        ['whole', NOW_MS + 100_000],
      ]),
    );
    expect(parseDenyListDocument(text, NOW_MS, 100, 500)).toEqual(
      new Map([
        ['half', NOW_MS + 101_000],
        ['whole', NOW_MS + 101_000],
        ['just-past', NOW_MS + 1000],
      ]),
    );
  });

  test('skips entries at or past their exp', () => {
    const entries = parse({
      revoked: [
        { jti: 'gone', exp: NOW },
        { jti: 'old', exp: NOW - 3600 },
        { jti: 'live', exp: NOW + 1 },
      ],
    });
    expect([...(entries as Map<string, number>).keys()]).toEqual(['live']);
  });

  test('keeps the latest exp of a jti listed twice', () => {
    expect(
      parse({
        revoked: [
          { jti: 'a', exp: NOW + 600 },
          { jti: 'a', exp: NOW + 60 },
        ],
      }),
    ).toEqual(new Map([['a', NOW_MS + 600_000]]));
  });

  test('ignores members it does not know, in the document and its entries', () => {
    const entries = parse({ version: 2, revoked: [{ jti: 'a', exp: NOW + 60, reason: 'stolen' }] });
    expect(entries).toEqual(new Map([['a', NOW_MS + 60_000]]));
  });

  test('takes an empty list as a document that denies nothing', () => {
    expect(parse({ revoked: [] })).toEqual(new Map());
  });

  test.each([
    ['not JSON', '{"revoked": ['],
    ['an array', '[]'],
    ['null', 'null'],
    ['no revoked member', '{"denied": []}'],
    ['revoked not an array', '{"revoked": {"jti": "a", "exp": 1}}'],
    ['an entry that is not an object', `{"revoked": ["a"]}`],
    ['a numeric jti', `{"revoked": [{"jti": 17, "exp": ${NOW + 60}}]}`],
    ['an empty jti', `{"revoked": [{"jti": "", "exp": ${NOW + 60}}]}`],
    [
      'a jti past the length bound',
      `{"revoked": [{"jti": "${'j'.repeat(MAX_JTI_CHARS + 1)}", "exp": ${NOW + 60}}]}`,
    ],
    ['a missing exp', '{"revoked": [{"jti": "a"}]}'],
    ['a string exp', `{"revoked": [{"jti": "a", "exp": "${NOW + 60}"}]}`],
    ['an exp in milliseconds', `{"revoked": [{"jti": "a", "exp": ${NOW_MS + 60_000}}]}`],
  ])('refuses the whole document for %s (invalid_document)', (_name, text) => {
    expect(parseDenyListDocument(text, NOW_MS, 100)).toBe('invalid_document');
  });

  test('refuses a malformed entry even after valid ones, so no listed revocation is silently dropped', () => {
    expect(
      parse({
        revoked: [
          { jti: 'a', exp: NOW + 60 },
          { jti: 7, exp: NOW + 60 },
        ],
      }),
    ).toBe('invalid_document');
  });

  test('refuses a document with more live entries than maxEntries (too_many_entries), counting expired ones out', () => {
    const three = [1, 2, 3].map((n) => ({ jti: `j${n}`, exp: NOW + 60 }));
    expect(parse({ revoked: three }, 2)).toBe('too_many_entries');
    expect(parse({ revoked: three }, 3)).toHaveProperty('size', 3);
    const withDead = [...three.slice(0, 2), { jti: 'dead', exp: NOW - 1 }, { jti: 'j1', exp: NOW + 90 }];
    expect(parse({ revoked: withDead }, 2)).toHaveProperty('size', 2);
  });

  test('takes exp up to the last second of year 9999', () => {
    expect(parse({ revoked: [{ jti: 'a', exp: MAX_NUMERIC_DATE }] })).toHaveProperty('size', 1);
  });

  test('never throws, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ revoked: [v] })),
        ),
        (text) => {
          const parsed = parseDenyListDocument(text, NOW_MS, 10);
          expect(
            parsed instanceof Map || parsed === 'invalid_document' || parsed === 'too_many_entries',
          ).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('property: a jti is in the result iff some entry names it with an exp still ahead, at the latest such exp rounded up', () => {
    const entry = fc.record({
      jti: fc.constantFrom('a', 'b', 'c', 'd'),
      // Quarter seconds: fractional, and exact in binary.
      exp: fc.integer({ min: (NOW - 100) * 4, max: (NOW + 100) * 4 }).map((quarters) => quarters / 4),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (revoked) => {
        const entries = parse({ revoked }) as Map<string, number>;
        for (const jti of ['a', 'b', 'c', 'd']) {
          const live = revoked
            .map((e) => ({ jti: e.jti, endMs: Math.ceil(e.exp) * 1000 }))
            .filter((e) => e.jti === jti && e.endMs > NOW_MS)
            .map((e) => e.endMs);
          expect(entries.get(jti)).toBe(live.length === 0 ? undefined : Math.max(...live));
        }
      }),
    );
  });
});
