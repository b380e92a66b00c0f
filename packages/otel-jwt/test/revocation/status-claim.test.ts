import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseStatusClaim } from '../../src/revocation/status-claim.js';
import { parseStrictJson } from '../../src/verifier/strict-json.js';

// The `status` claim of a token, as the verifier reads it after the signature check.

const URI = 'https://status.example/lists/1';
/** A claim value as the strict parser hands it over: parsed from text, frozen. */
const parsed = (text: string): unknown => {
  const result = parseStrictJson(text, 16);
  if (!result.ok) throw new Error(result.fault);
  return result.value;
};

describe('parseStatusClaim', () => {
  test('reads idx and uri, returning the claim’s own frozen object', () => {
    const status = parsed(`{"status_list":{"idx":7,"uri":"${URI}"}}`) as { status_list: object };
    const reference = parseStatusClaim(status);
    expect(reference).toEqual({ idx: 7, uri: URI });
    expect(reference).toBe(status.status_list);
    expect(Object.isFrozen(reference)).toBe(true);
  });

  test.each([
    ['index 0', { status_list: { idx: 0, uri: URI } }],
    ['the largest safe index', { status_list: { idx: Number.MAX_SAFE_INTEGER, uri: URI } }],
    ['members of other mechanisms beside it', { status_list: { idx: 1, uri: URI }, other: { x: 1 } }],
    ['extension members inside it', { status_list: { idx: 1, uri: URI, ext: true } }],
    ['a uri that is not a URL (judged later by allowedUris)', { status_list: { idx: 1, uri: 'x' } }],
  ])('accepts %s', (_, status) => {
    expect(parseStatusClaim(status)).not.toBe('malformed');
  });

  test.each([
    ['null', null],
    ['a string', URI],
    ['an array', [{ status_list: { idx: 1, uri: URI } }]],
    ['an object without status_list', { status_lists: { idx: 1, uri: URI } }],
    ['status_list null', { status_list: null }],
    ['status_list an array', { status_list: [1, URI] }],
    ['a missing idx', { status_list: { uri: URI } }],
    ['a string idx', { status_list: { idx: '1', uri: URI } }],
    ['a negative idx', { status_list: { idx: -1, uri: URI } }],
    ['a fractional idx', { status_list: { idx: 1.5, uri: URI } }],
    ['an idx past 2^53', { status_list: { idx: 2 ** 53, uri: URI } }],
    ['an infinite idx', { status_list: { idx: Number.POSITIVE_INFINITY, uri: URI } }],
    ['a NaN idx', { status_list: { idx: Number.NaN, uri: URI } }],
    ['a missing uri', { status_list: { idx: 1 } }],
    ['a uri that is an object', { status_list: { idx: 1, uri: { href: URI } } }],
    ['a uri list', { status_list: { idx: 1, uri: [URI] } }],
  ])('refuses %s as malformed', (_, status) => {
    expect(parseStatusClaim(status)).toBe('malformed');
  });

  test('a status_list inherited through __proto__ text is not read', () => {
    const status = parsed(`{"__proto__":{"status_list":{"idx":1,"uri":"${URI}"}}}`);
    expect(parseStatusClaim(status)).toBe('malformed');
  });

  test('never throws on arbitrary JSON, and accepts exactly the well-formed references', () => {
    const reference = fc.record({
      idx: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.string(), fc.constant(null)),
      uri: fc.oneof(fc.webUrl(), fc.string(), fc.integer(), fc.constant(null)),
    });
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.record({ status_list: fc.oneof(reference, fc.jsonValue()) })),
        (value) => {
          const frozen = parsed(JSON.stringify(value));
          const result = parseStatusClaim(frozen);
          const list = (value as { status_list?: { idx?: unknown; uri?: unknown } } | null)?.status_list;
          const wellFormed =
            value !== null &&
            typeof value === 'object' &&
            !Array.isArray(value) &&
            list !== null &&
            typeof list === 'object' &&
            !Array.isArray(list) &&
            Number.isSafeInteger(list.idx) &&
            (list.idx as number) >= 0 &&
            typeof list.uri === 'string';
          expect(result === 'malformed').toBe(!wellFormed);
        },
      ),
      { numRuns: 500 },
    );
  });
});
