import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { OtelJwtError } from '../../src/errors.js';
import { DenyList } from '../../src/revocation/deny-list.js';
import { DenyListError } from '../../src/revocation/deny-list-error.js';
import { DEFAULT_MAX_DENIED_ENTRIES } from '../../src/revocation/deny-list-settings.js';

const NOW_MS = 1_700_000_000_000;
const NOW = NOW_MS / 1000;

function refusal(act: () => void): DenyListError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(DenyListError);
    expect(error).toBeInstanceOf(OtelJwtError);
    return error as DenyListError;
  }
  throw new Error('no DenyListError');
}

describe('DenyList in-process revocations', () => {
  test('denies a revoked jti until its NumericDate, then lets it through', () => {
    const list = new DenyList(undefined);
    list.revoke('token-1', NOW + 60, NOW_MS);
    expect(list.denied('token-1', NOW_MS)).toBe(true);
    expect(list.denied('token-1', NOW_MS + 59_999)).toBe(true);
    expect(list.denied('token-1', NOW_MS + 60_000)).toBe(false);
    expect(list.denied('token-2', NOW_MS)).toBe(false);
  });

  test('takes a Date as the end of the revocation', () => {
    const list = new DenyList(undefined);
    list.revoke('token-1', new Date(NOW_MS + 5000), NOW_MS);
    expect(list.denied('token-1', NOW_MS + 4999)).toBe(true);
    expect(list.denied('token-1', NOW_MS + 5000)).toBe(false);
  });

  test('records nothing for an until already past, and leaves the generation', () => {
    const list = new DenyList(undefined);
    list.revoke('token-1', NOW, NOW_MS);
    list.revoke('token-2', new Date(NOW_MS - 1), NOW_MS);
    expect(list.denied('token-1', NOW_MS - 1)).toBe(false);
    expect(list.generation).toBe(0);
  });

  test('a second revoke of a jti extends the entry and never shortens it', () => {
    const list = new DenyList(undefined);
    list.revoke('token-1', NOW + 60, NOW_MS);
    list.revoke('token-1', NOW + 10, NOW_MS);
    expect(list.denied('token-1', NOW_MS + 30_000)).toBe(true);
    list.revoke('token-1', NOW + 120, NOW_MS);
    expect(list.denied('token-1', NOW_MS + 90_000)).toBe(true);
  });

  test('the generation bumps when a jti is added, not when a denied one is revoked again or expires', () => {
    const list = new DenyList(undefined);
    list.revoke('token-1', NOW + 60, NOW_MS);
    expect(list.generation).toBe(1);
    list.revoke('token-1', NOW + 120, NOW_MS);
    expect(list.generation).toBe(1);
    expect(list.denied('token-1', NOW_MS + 200_000)).toBe(false);
    expect(list.generation).toBe(1);
    list.revoke('token-1', NOW + 300, NOW_MS + 200_000);
    expect(list.generation).toBe(2);
  });

  test('without a document the status is always ok and nothing is pending', () => {
    const list = new DenyList(undefined);
    expect(list.status(NOW_MS)).toBe('ok');
    expect(list.status(Number.MAX_SAFE_INTEGER)).toBe('ok');
    expect(list.pending).toBeUndefined();
    expect(list.generation).toBe(0);
    list.close();
  });

  test.each([
    ['a number', 42],
    ['undefined', undefined],
    ['an empty string', ''],
    ['a string of 1025 characters', 'j'.repeat(1025)],
  ])('refuses a jti that is %s (invalid_revocation)', (_name, jti) => {
    const list = new DenyList(undefined);
    const error = refusal(() => list.revoke(jti as string, NOW + 60, NOW_MS));
    expect(error.code).toBe('invalid_revocation');
    expect(error.message).toMatch(/jti must be a non-empty string of at most 1024 characters/);
    expect(list.generation).toBe(0);
  });

  test('takes a jti of exactly 1024 characters', () => {
    const list = new DenyList(undefined);
    list.revoke('j'.repeat(1024), NOW + 60, NOW_MS);
    expect(list.denied('j'.repeat(1024), NOW_MS)).toBe(true);
  });

  test.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an invalid Date', new Date('not a date')],
    ['a numeric string', String(NOW + 60)],
    ['milliseconds given for seconds', NOW_MS + 60_000],
    ['undefined', undefined],
  ])('refuses an until that is %s (invalid_revocation)', (_name, until) => {
    const list = new DenyList(undefined);
    const error = refusal(() => list.revoke('token-1', until as number, NOW_MS));
    expect(error.code).toBe('invalid_revocation');
    expect(error.message).toMatch(/until must be a valid Date or a NumericDate/);
  });

  test('a refusal message never carries the jti', () => {
    const list = new DenyList(undefined);
    const jti = `secret-jti-${'x'.repeat(1100)}`;
    expect(refusal(() => list.revoke(jti, NOW + 60, NOW_MS)).message).not.toContain('secret-jti');
    expect(refusal(() => list.revoke('secret-jti-2', Number.NaN, NOW_MS)).message).not.toContain(
      'secret-jti',
    );
  });

  test('refuses a new revocation loudly once maxEntries are live (deny_list_full), forgetting none', () => {
    const list = new DenyList(undefined);
    for (let i = 0; i < DEFAULT_MAX_DENIED_ENTRIES - 1; i++) list.revoke(`j${i}`, NOW + 600, NOW_MS);
    list.revoke('short', NOW + 10, NOW_MS);
    const error = refusal(() => list.revoke('one-too-many', NOW + 600, NOW_MS));
    expect(error.code).toBe('deny_list_full');
    expect(error.message).toMatch(/maximum of 100000 .*denyList\.maxEntries/);
    expect(list.denied('one-too-many', NOW_MS)).toBe(false);
    expect(list.denied('j0', NOW_MS)).toBe(true);
    expect(list.denied('short', NOW_MS)).toBe(true);
    // A jti held already is still extended when full.
    list.revoke('j0', NOW + 900, NOW_MS);
    expect(list.denied('j0', NOW_MS + 700_000)).toBe(true);
    // Once an entry expires, the sweep makes room for one more.
    list.revoke('after-expiry', NOW + 600, NOW_MS + 10_000);
    expect(list.denied('after-expiry', NOW_MS + 10_000)).toBe(true);
    expect(refusal(() => list.revoke('again', NOW + 600, NOW_MS + 10_000)).code).toBe('deny_list_full');
  });

  test('property: denied(j, t) holds iff some revoke of j made by t has its until plus the grace after t', () => {
    const jtis = ['a', 'b', 'c'];
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('revoke' as const),
        jti: fc.constantFrom(...jtis),
        ahead: fc.integer({ min: -5, max: 30 }),
      }),
      fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 0, max: 20 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.array(step, { maxLength: 40 }), (grace, steps) => {
        const list = new DenyList(undefined, undefined, grace * 1000);
        const made: { jti: string; untilMs: number }[] = [];
        let now = NOW_MS;
        for (const s of steps) {
          if (s.kind === 'wait') now += s.seconds * 1000;
          else if (s.kind === 'revoke') {
            const until = now / 1000 + s.ahead;
            list.revoke(s.jti, until, now);
            made.push({ jti: s.jti, untilMs: until * 1000 });
          }
          for (const jti of jtis) {
            const expected = made.some((m) => m.jti === jti && m.untilMs + grace * 1000 > now);
            expect(list.denied(jti, now)).toBe(expected);
          }
        }
      }),
    );
  });
});

describe("DenyList grace: the clock tolerance past a revoked token's exp", () => {
  // The claims checks accept a token until exp plus the clock tolerance (30 s by default): a revocation
  // until its exp must deny it as long.
  const GRACE_MS = 30_000;

  test('denies a revoked jti until its until plus the grace, then lets it through', () => {
    const list = new DenyList(undefined, undefined, GRACE_MS);
    list.revoke('token-1', NOW + 60, NOW_MS);
    expect(list.denied('token-1', NOW_MS + 60_000)).toBe(true);
    expect(list.denied('token-1', NOW_MS + 60_000 + GRACE_MS - 1)).toBe(true);
    expect(list.denied('token-1', NOW_MS + 60_000 + GRACE_MS)).toBe(false);
  });

  test('records a revoke whose until passed within the grace, bumping the generation', () => {
    const list = new DenyList(undefined, undefined, GRACE_MS);
    list.revoke('token-1', NOW - 5, NOW_MS);
    expect(list.generation).toBe(1);
    expect(list.denied('token-1', NOW_MS)).toBe(true);
    expect(list.denied('token-1', NOW_MS + GRACE_MS - 5000)).toBe(false);
  });

  test('records nothing for an until whose grace is over too', () => {
    const list = new DenyList(undefined, undefined, GRACE_MS);
    list.revoke('token-1', NOW - 30, NOW_MS);
    list.revoke('token-2', new Date(NOW_MS - GRACE_MS - 1), NOW_MS);
    expect([list.denied('token-1', NOW_MS - 1), list.denied('token-2', NOW_MS - 1)]).toEqual([false, false]);
    expect(list.generation).toBe(0);
  });
});
