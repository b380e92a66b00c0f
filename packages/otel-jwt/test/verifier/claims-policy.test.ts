import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { errors, jwtVerify, SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { type ClaimsPolicy, checkClaims } from '../../src/verifier/claims-policy.js';
import type { InvalidCode } from '../../src/verifier/verify-result.js';

const NOW = 1_700_000_000;
const ISS = 'https://idp.example';

/** A policy as the issuer configuration builds it: iss, aud, (iat with a max age), exp, then extras. */
function policy(over: Partial<ClaimsPolicy> & { required?: readonly string[] } = {}): ClaimsPolicy {
  const { required = [], ...rest } = over;
  const maxTokenAgeSeconds = rest.maxTokenAgeSeconds;
  const presence = [
    ...new Set(['iss', 'aud', ...(maxTokenAgeSeconds === undefined ? [] : ['iat']), 'exp', ...required]),
  ];
  return {
    audiences: ['api'],
    clockToleranceSeconds: 0,
    maxTokenAgeSeconds: undefined,
    presence,
    subjectClaim: 'sub',
    ...rest,
  };
}
const claims = (extra: Record<string, unknown> = {}) => ({ iss: ISS, aud: 'api', exp: NOW + 60, ...extra });

describe('exp', () => {
  test('accepts a claim set before its exp', () => {
    expect(checkClaims(claims({ exp: NOW + 1 }), policy(), NOW)).toBeUndefined();
  });

  test('treats exp equal to now as expired, as jose does', () => {
    expect(checkClaims(claims({ exp: NOW }), policy(), NOW)).toBe('expired');
  });

  test('treats exp <= now - tolerance as expired and exp one second later as valid', () => {
    const p = policy({ clockToleranceSeconds: 30 });
    expect(checkClaims(claims({ exp: NOW - 30 }), p, NOW)).toBe('expired');
    expect(checkClaims(claims({ exp: NOW - 29 }), p, NOW)).toBeUndefined();
  });

  test('rejects a string exp as invalid_claim', () => {
    expect(checkClaims(claims({ exp: String(NOW + 60) }), policy(), NOW)).toBe('invalid_claim');
  });
});

describe('nbf', () => {
  test('accepts nbf up to now + tolerance and rejects one second later as not_yet_valid', () => {
    const p = policy({ clockToleranceSeconds: 5 });
    expect(checkClaims(claims({ nbf: NOW + 5 }), p, NOW)).toBeUndefined();
    expect(checkClaims(claims({ nbf: NOW + 6 }), p, NOW)).toBe('not_yet_valid');
  });

  test('reports not_yet_valid before expired when both fail, as jose does', () => {
    expect(checkClaims(claims({ nbf: NOW + 10, exp: NOW - 10 }), policy(), NOW)).toBe('not_yet_valid');
  });
});

describe('maxTokenAge', () => {
  const aged = (over: Partial<ClaimsPolicy> = {}) => policy({ maxTokenAgeSeconds: 300, ...over });

  test('rejects a claim set without iat as invalid_claim even when the policy omits iat from presence', () => {
    const p = { ...policy({ maxTokenAgeSeconds: 60 }), presence: ['iss', 'aud', 'exp'] };
    expect(checkClaims(claims(), p, NOW)).toBe('invalid_claim');
  });

  test('requires iat', () => {
    expect(checkClaims(claims(), aged(), NOW)).toBe('missing_claim');
  });

  test('accepts an age of exactly maxTokenAge + tolerance and rejects one second more as token_too_old', () => {
    const p = aged({ clockToleranceSeconds: 10 });
    expect(checkClaims(claims({ iat: NOW - 310 }), p, NOW)).toBeUndefined();
    expect(checkClaims(claims({ iat: NOW - 311 }), p, NOW)).toBe('token_too_old');
  });

  test('accepts iat up to tolerance in the future and rejects one second later as issued_in_future', () => {
    const p = aged({ clockToleranceSeconds: 10 });
    expect(checkClaims(claims({ iat: NOW + 10 }), p, NOW)).toBeUndefined();
    expect(checkClaims(claims({ iat: NOW + 11 }), p, NOW)).toBe('issued_in_future');
  });

  test('with maxTokenAge 0 accepts only a token issued within the tolerance, as jose 6 does', () => {
    expect(checkClaims(claims({ iat: NOW }), aged({ maxTokenAgeSeconds: 0 }), NOW)).toBeUndefined();
    expect(checkClaims(claims({ iat: NOW - 1 }), aged({ maxTokenAgeSeconds: 0 }), NOW)).toBe('token_too_old');
  });

  test('rejects a non-number iat as invalid_claim, with or without maxTokenAge', () => {
    expect(checkClaims(claims({ iat: 'yesterday' }), policy(), NOW)).toBe('invalid_claim');
    expect(checkClaims(claims({ iat: null }), aged(), NOW)).toBe('invalid_claim');
  });
});

describe('audience', () => {
  const twoAudiences = policy({ audiences: ['api', 'admin'] });

  test.each([
    ['a string that is one of the configured audiences', 'admin'],
    ['an array naming one configured audience among others', ['other', 'api']],
  ])('accepts aud as %s', (_, aud) => {
    expect(checkClaims(claims({ aud }), twoAudiences, NOW)).toBeUndefined();
  });

  test.each([
    ['a string naming another audience', 'other'],
    ['a string differing only in case', 'API'],
    ['an array naming no configured audience', ['other', 'more']],
    ['an empty array', []],
    ['a number', 7],
    ['null', null],
    ['an object whose key is a configured audience', { api: true }],
  ])('rejects aud given as %s as audience_mismatch', (_, aud) => {
    expect(checkClaims(claims({ aud }), twoAudiences, NOW)).toBe('audience_mismatch');
  });
});

describe('missing claims', () => {
  test.each(['iss', 'aud', 'exp'])('rejects a claim set without %s as missing_claim', (name) => {
    const set: Record<string, unknown> = claims();
    delete set[name];
    expect(checkClaims(set, policy(), NOW)).toBe('missing_claim');
  });

  test('rejects a claim set without a configured required claim as missing_claim', () => {
    expect(checkClaims(claims(), policy({ required: ['tenant'] }), NOW)).toBe('missing_claim');
    expect(checkClaims(claims({ tenant: null }), policy({ required: ['tenant'] }), NOW)).toBeUndefined();
  });

  test('does not count inherited properties such as toString as present claims', () => {
    expect(checkClaims(claims(), policy({ required: ['toString'] }), NOW)).toBe('missing_claim');
  });

  test('reports a missing claim before an audience mismatch or expiry', () => {
    const set = { aud: 'other', exp: NOW - 100 };
    expect(checkClaims(set, policy(), NOW)).toBe('missing_claim');
  });
});

describe('stricter than jose', () => {
  test.each([
    ['exp', Number.POSITIVE_INFINITY],
    ['exp', Number.NEGATIVE_INFINITY],
    ['exp', Number.NaN],
    ['nbf', Number.NEGATIVE_INFINITY],
    ['iat', Number.POSITIVE_INFINITY],
    ['iat', Number.NaN],
  ])(
    'rejects a non-finite numeric date (%s = %s) as invalid_claim, where jose accepts any number',
    (name, value) => {
      expect(checkClaims(claims({ [name]: value }), policy(), NOW)).toBe('invalid_claim');
    },
  );

  test('rejects exp parsed from 1e400 (Infinity), which would otherwise never expire', () => {
    const set = JSON.parse(`{"iss":"${ISS}","aud":"api","exp":1e400}`) as Record<string, unknown>;
    expect(checkClaims(set, policy(), NOW)).toBe('invalid_claim');
  });

  test.each([
    ['a number', 42],
    ['null', null],
    ['an array', ['alice']],
    ['an object', { id: 'alice' }],
  ])('rejects a non-string sub given as %s as invalid_claim', (_, sub) => {
    expect(checkClaims(claims({ sub }), policy(), NOW)).toBe('invalid_claim');
  });
});

/** jose's verdict on a claim set, in this project's codes. */
function codeOfJoseError(error: unknown): InvalidCode {
  if (error instanceof errors.JWTExpired) return error.claim === 'iat' ? 'token_too_old' : 'expired';
  if (!(error instanceof errors.JWTClaimValidationFailed)) throw error;
  if (error.reason === 'missing') return 'missing_claim';
  if (error.reason === 'invalid') return 'invalid_claim';
  const byClaim: Record<string, InvalidCode> = {
    aud: 'audience_mismatch',
    nbf: 'not_yet_valid',
    iat: 'issued_in_future',
  };
  const code = byClaim[error.claim];
  if (code === undefined) throw error;
  return code;
}

describe('agreement with jose jwtVerify', () => {
  test('gives the same verdict as jose on generated claim sets within jose-compatible values', async () => {
    const secret = randomBytes(32);
    const date = fc.oneof(
      { arbitrary: fc.integer({ min: NOW - 150, max: NOW + 150 }), weight: 9 },
      { arbitrary: fc.constant('soon'), weight: 1 },
    );
    const claimSet = fc
      .record(
        {
          iss: fc.constant(ISS),
          aud: fc.oneof(
            { arbitrary: fc.constantFrom<unknown>('api', ['x', 'api']), weight: 3 },
            fc.constantFrom<unknown>('other', ['x'], [], 3),
          ),
          exp: date,
          nbf: date,
          iat: date,
          sub: fc.string({ maxLength: 3 }),
          tenant: fc.constant('t'),
        },
        { requiredKeys: ['iss', 'aud', 'exp', 'sub'] },
      )
      .chain((set) =>
        fc
          .oneof({ arbitrary: fc.constant(null), weight: 7 }, fc.constantFrom('iss', 'aud', 'exp'))
          .map((drop) => {
            const copy: Record<string, unknown> = { ...set };
            if (drop !== null) delete copy[drop];
            return copy;
          }),
      );
    const settings = fc.record({
      tolerance: fc.integer({ min: 0, max: 60 }),
      maxAge: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      required: fc.subarray(['sub', 'tenant']),
    });
    await fc.assert(
      fc.asyncProperty(claimSet, settings, async (set, { tolerance, maxAge, required }) => {
        const token = await new SignJWT(set).setProtectedHeader({ alg: 'HS256' }).sign(secret);
        const expected = await jwtVerify(token, secret, {
          issuer: ISS,
          audience: ['api'],
          clockTolerance: tolerance,
          currentDate: new Date(NOW * 1000),
          requiredClaims: ['exp', ...required],
          ...(maxAge === undefined ? {} : { maxTokenAge: maxAge }),
        }).then(() => undefined, codeOfJoseError);
        const p = policy({ clockToleranceSeconds: tolerance, maxTokenAgeSeconds: maxAge, required });
        expect(checkClaims(set, p, NOW)).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });
});
