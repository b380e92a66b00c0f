import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_ANSWER_DEPTH, readIntrospectionAnswer } from '../../src/revocation/introspection-answer.js';

const ISSUER = 'https://idp.example';
const read = (body: unknown) => readIntrospectionAnswer(JSON.stringify(body), ISSUER);

/** Whether `value` and everything it holds is frozen. */
function deeplyFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen);
}

describe('readIntrospectionAnswer', () => {
  test('an active answer gives its members but active as claims, iss filled in from the issuer, frozen deeply', () => {
    const answer = read({
      active: true,
      sub: 'alice',
      scope: 'read',
      exp: 1_900_000_000,
      ext: { roles: ['a'] },
    });
    expect(answer).toEqual({
      kind: 'active',
      claims: { sub: 'alice', scope: 'read', exp: 1_900_000_000, ext: { roles: ['a'] }, iss: ISSUER },
      expMs: 1_900_000_000_000,
    });
    expect(answer.kind === 'active' && deeplyFrozen(answer.claims)).toBe(true);
    expect(Object.isFrozen(answer)).toBe(true);
  });

  test('an active answer naming this issuer keeps its iss', () => {
    expect(read({ active: true, iss: ISSUER })).toMatchObject({ kind: 'active', claims: { iss: ISSUER } });
  });

  test('an active answer without a numeric exp has no expiry of its own', () => {
    expect(read({ active: true })).toMatchObject({ kind: 'active', expMs: undefined });
    expect(read({ active: true, exp: '1900000000' })).toMatchObject({ kind: 'active', expMs: undefined });
  });

  test('active false is inactive whatever else the answer holds', () => {
    expect(read({ active: false, sub: 'alice', iss: 'https://elsewhere.example' })).toEqual({
      kind: 'inactive',
    });
  });

  test.each([
    ['another issuer', 'https://elsewhere.example'],
    ['the issuer with a trailing slash', `${ISSUER}/`],
    ['a non-string iss', 42],
    ['a null iss', null],
  ])('refuses an active answer whose iss is %s (issuer_mismatch)', (_name, iss) => {
    expect(read({ active: true, iss })).toEqual({ kind: 'issuer_mismatch' });
  });

  test.each([
    ['not JSON', '<html>'],
    ['an array', '[{"active":true}]'],
    ['null', 'null'],
    ['a string active', '{"active":"true"}'],
    ['a numeric active', '{"active":1}'],
    ['no active member', '{"sub":"alice"}'],
    ['an empty body', ''],
  ])('refuses %s (invalid_response)', (_name, text) => {
    expect(readIntrospectionAnswer(text, ISSUER)).toEqual({ kind: 'invalid_response' });
  });

  test('refuses an active answer nested deeper than MAX_ANSWER_DEPTH, and takes one exactly that deep', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const text = (depth: number) => `{"active":true,"deep":${nested(depth)}}`;
    expect(readIntrospectionAnswer(text(MAX_ANSWER_DEPTH - 1), ISSUER).kind).toBe('active');
    expect(readIntrospectionAnswer(text(MAX_ANSWER_DEPTH), ISSUER).kind).toBe('invalid_response');
    expect(readIntrospectionAnswer(text(100_000), ISSUER).kind).toBe('invalid_response');
  });

  test('a __proto__ member stays an own claim and never reaches a prototype', () => {
    const answer = readIntrospectionAnswer('{"active":true,"__proto__":{"polluted":true}}', ISSUER);
    expect(answer.kind).toBe('active');
    const claims = answer.kind === 'active' ? answer.claims : {};
    expect(Object.getPrototypeOf(claims)).toBe(Object.prototype);
    expect(Object.hasOwn(claims, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('never throws, and an active answer is always frozen with iss the issuer', () => {
    const body = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .dictionary(fc.string(), fc.jsonValue())
        .map((members) => JSON.stringify({ ...members, active: true })),
    );
    fc.assert(
      fc.property(body, (text) => {
        const answer = readIntrospectionAnswer(text, ISSUER);
        if (answer.kind === 'active') {
          expect(answer.claims.iss).toBe(ISSUER);
          expect(deeplyFrozen(answer.claims)).toBe(true);
          expect(Object.hasOwn(answer.claims, 'active')).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
