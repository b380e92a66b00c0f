import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type ClaimsPolicy, checkClaims } from '../../src/verifier/claims-policy.js';
import { subjectClaimOption, subjectOf } from '../../src/verifier/subject-claim.js';
import { expectConfigurationError, issuer } from '../support/config-errors.js';
import { monolith } from '../support/self-issued-tokens.js';

// The claim naming the user, per issuer (subjectClaim): checked at start-up, a string when present,
// and the subject of a result only when it is a string of 1 to 1024 characters.

const NOW = 1_700_000_000;
const policy = (subjectClaim: string): ClaimsPolicy => ({
  audiences: undefined,
  clockToleranceSeconds: 0,
  maxTokenAgeSeconds: undefined,
  presence: ['exp'],
  subjectClaim,
});

describe('the subjectClaim option', () => {
  test('defaults to sub', () => {
    expect(subjectClaimOption(undefined, 'issuers[0]')).toBe('sub');
  });

  test.each([
    ['an empty name', ''],
    ['a number', 7],
    ['null', null],
    ['iss', 'iss'],
    ['aud', 'aud'],
    ['exp', 'exp'],
    ['nbf', 'nbf'],
    ['iat', 'iat'],
  ])('rejects %s on a trusted issuer', (_, subjectClaim) => {
    const config = { issuers: [issuer({ subjectClaim: subjectClaim as string })] };
    expectConfigurationError(config, 'issuers[0].subjectClaim', /such as "sub" or "oid"/);
  });

  test('rejects a bad subjectClaim on a self-issued issuer, naming its place', () => {
    const config = { issuers: [issuer(), monolith({ subjectClaim: 'exp' })] };
    expectConfigurationError(config, 'issuers[1].subjectClaim', /not iss, aud, exp, nbf or iat/);
  });
});

describe('the subject claim, when present, must be a string', () => {
  test.each([
    ['a number', 42],
    ['an array', ['alice']],
    ['an object', { id: 'alice' }],
    ['null', null],
    ['true', true],
  ])('refuses an oid that is %s as invalid_claim (stricter than jose)', (_, oid) => {
    expect(checkClaims({ exp: NOW + 60, oid }, policy('oid'), NOW)).toBe('invalid_claim');
  });

  test('accepts a claim set without the subject claim (it is required only when listed in requiredClaims)', () => {
    expect(checkClaims({ exp: NOW + 60 }, policy('oid'), NOW)).toBeUndefined();
  });

  test('still refuses a sub that is not a string when the subject claim is another one', () => {
    expect(checkClaims({ exp: NOW + 60, oid: 'x', sub: 7 }, policy('oid'), NOW)).toBe('invalid_claim');
  });

  test('does not read a subject claim named like an Object.prototype member from the prototype', () => {
    expect(checkClaims({ exp: NOW + 60 }, policy('constructor'), NOW)).toBeUndefined();
    expect(subjectOf({ exp: NOW + 60 }, policy('toString'))).toBeUndefined();
  });
});

describe('subjectOf', () => {
  test('is the subject claim value for a string of 1 to 1024 characters', () => {
    expect(subjectOf({ sub: 'pairwise', oid: 'user-1' }, policy('oid'))).toBe('user-1');
    expect(subjectOf({ sub: 'pairwise', oid: 'user-1' }, policy('sub'))).toBe('pairwise');
    expect(subjectOf({ oid: 'x'.repeat(1024) }, policy('oid'))).toHaveLength(1024);
  });

  test.each([
    ['absent', {}],
    ['empty', { oid: '' }],
    ['longer than 1024 characters', { oid: 'x'.repeat(1025) }],
    ['not a string', { oid: 42 }],
  ])('is undefined when the subject claim is %s', (_, claims) => {
    expect(subjectOf(claims, policy('oid'))).toBeUndefined();
  });

  test('never takes the value of another claim, whatever the claim set', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })),
        fc.string(),
        (claims, name) => {
          const subject = subjectOf(claims, policy(name || 'sub'));
          if (subject !== undefined) expect(claims[name || 'sub']).toBe(subject);
        },
      ),
      { numRuns: 500 },
    );
  });
});
