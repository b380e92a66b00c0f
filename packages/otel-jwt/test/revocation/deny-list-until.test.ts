import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DenyList } from '../../src/revocation/deny-list.js';
import { MAX_NUMERIC_DATE } from '../../src/revocation/deny-list-document.js';
import { DenyListError } from '../../src/revocation/deny-list-error.js';
import { type ClaimsPolicy, checkClaims } from '../../src/verifier/claims-policy.js';

// The `until` of revoke(jti, until): how long the entry denies (as long as the claims check accepts the
// revoked token, fractional instants included) and which values are refused as mistakes.

const NOW_MS = 1_700_000_000_000;
const NOW = NOW_MS / 1000;

function refusal(act: () => void): DenyListError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(DenyListError);
    return error as DenyListError;
  }
  throw new Error('no DenyListError');
}

/** Whether the claims check accepts a token with this `exp` at `nowMs`, as the verifier calls it. */
function claimsAccept(exp: number, toleranceSeconds: number, nowMs: number): boolean {
  const policy: ClaimsPolicy = {
    audiences: undefined,
    clockToleranceSeconds: toleranceSeconds,
    maxTokenAgeSeconds: undefined,
    presence: [],
    subjectClaim: 'sub',
  };
  return checkClaims({ exp }, policy, Math.floor(nowMs / 1000)) === undefined;
}

describe('revoke(jti, until) with a fractional instant', () => {
  test('a fractional until denies until the next whole second, when the claims check stops accepting', () => {
    const list = new DenyList(undefined);
    list.revoke('token-1', NOW + 100.5, NOW_MS);
    expect(list.denied('token-1', NOW_MS + 100_500)).toBe(true);
    expect(list.denied('token-1', NOW_MS + 100_999)).toBe(true);
    expect(list.denied('token-1', NOW_MS + 101_000)).toBe(false);
  });

  test('a Date with milliseconds denies until the next whole second', () => {
    const list = new DenyList(undefined);
    list.revoke('token-1', new Date(NOW_MS + 5001), NOW_MS);
    expect(list.denied('token-1', NOW_MS + 5999)).toBe(true);
    expect(list.denied('token-1', NOW_MS + 6000)).toBe(false);
  });

  test('a fractional until with a fractional grace denies until their sum rounded up', () => {
    const list = new DenyList(undefined, undefined, 500);
    list.revoke('token-1', NOW + 100.7, NOW_MS);
    expect(list.denied('token-1', NOW_MS + 101_999)).toBe(true);
    expect(list.denied('token-1', NOW_MS + 102_000)).toBe(false);
  });

  test('property: an entry until exp denies exactly while the claims check accepts the token (binary fractions)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 480 }),
        (expEighths, toleranceEighths) => {
          const exp = NOW + expEighths / 8;
          const tolerance = toleranceEighths / 8;
          const list = new DenyList(undefined, undefined, tolerance * 1000);
          list.revoke('j', exp, NOW_MS);
          for (let second = 0; second <= 170; second++) {
            for (const nowMs of [NOW_MS + second * 1000, NOW_MS + second * 1000 + 999]) {
              expect(list.denied('j', nowMs)).toBe(claimsAccept(exp, tolerance, nowMs));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  test('property: whenever the claims check accepts a revoked token, the deny-list denies it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: NOW, max: NOW + 100, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.integer({ min: 0, max: 170_000 }),
        (exp, tolerance, afterMs) => {
          const list = new DenyList(undefined, undefined, tolerance * 1000);
          list.revoke('j', exp, NOW_MS);
          const nowMs = NOW_MS + afterMs;
          if (claimsAccept(exp, tolerance, nowMs)) expect(list.denied('j', nowMs)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('revoke(jti, until) bounds', () => {
  test.each([
    ['an hour given as a number', 3600],
    ['zero', 0],
    ['negative', -1],
    ['a Date an hour after the epoch', new Date(3_600_000)],
    ['the last millisecond of 2000', new Date(Date.UTC(2000, 11, 31, 23, 59, 59, 999))],
  ])(
    'refuses an until before 2001-01-01, a duration given for an instant: %s (invalid_revocation)',
    (_name, until) => {
      const list = new DenyList(undefined);
      const error = refusal(() => list.revoke('token-1', until, NOW_MS));
      expect(error.code).toBe('invalid_revocation');
      expect(error.message).toMatch(/until is before 2001-01-01: give the instant .* not a duration/);
      expect(list.generation).toBe(0);
    },
  );

  test('takes an until of exactly 2001-01-01, past: records nothing and throws nothing', () => {
    const list = new DenyList(undefined);
    list.revoke('token-1', Date.UTC(2001, 0, 1) / 1000, NOW_MS);
    list.revoke('token-2', new Date(Date.UTC(2001, 0, 1)), NOW_MS);
    expect(list.generation).toBe(0);
  });

  test.each([
    ['the year 10000', new Date(Date.UTC(10000, 0, 1))],
    ['a millisecond past the last second of 9999', new Date(MAX_NUMERIC_DATE * 1000 + 1)],
    ['the largest Date', new Date(8.64e15)],
  ])(
    'refuses a Date past the last second of 9999, as it refuses such a number: %s (invalid_revocation)',
    (_name, until) => {
      const list = new DenyList(undefined);
      const error = refusal(() => list.revoke('token-1', until, NOW_MS));
      expect(error.code).toBe('invalid_revocation');
      expect(error.message).toMatch(/until must be a valid Date or a NumericDate .*before the year 10000/);
      expect(list.generation).toBe(0);
    },
  );

  test('takes a Date and a NumericDate at the last second of 9999', () => {
    const list = new DenyList(undefined);
    list.revoke('token-1', new Date(MAX_NUMERIC_DATE * 1000), NOW_MS);
    list.revoke('token-2', MAX_NUMERIC_DATE, NOW_MS);
    expect([list.denied('token-1', NOW_MS), list.denied('token-2', NOW_MS)]).toEqual([true, true]);
  });
});
