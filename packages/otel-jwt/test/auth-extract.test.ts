import { describe, expect, test } from 'vitest';
import { isAuthKey, judgeSubject } from '../src/auth-extract.js';
import { invalid, unverified } from '../src/verify-result.js';
import { ABSENT, ALICE, BOB, identity, proofOf, settings, VALID } from './support/auth-extract-fixtures.js';
import { TRACE_ID } from './support/telemetry-fixtures.js';

// The subject verdict of extract, table by table; the baggage plan and entry attributes are in
// auth-extract-plan.test.ts.

describe('judgeSubject', () => {
  test.each([
    {
      name: 'no token, no proof: no verdict',
      result: ABSENT,
      who: undefined,
      proof: undefined,
      want: [undefined, false, false, 'no_verified_token'],
    },
    {
      name: 'no token after a valid proof: token_dropped',
      result: ABSENT,
      who: undefined,
      proof: proofOf(ALICE),
      want: ['token_dropped', true, false, 'no_verified_token'],
    },
    {
      name: 'an invalid token after a valid proof: token_invalid',
      result: invalid('expired'),
      who: undefined,
      proof: proofOf(ALICE),
      want: ['token_invalid', true, false, 'no_verified_token'],
    },
    {
      name: 'an unverified token after a valid proof: token_unverified, not a forgery',
      result: unverified('unknown_key'),
      who: undefined,
      proof: proofOf(ALICE),
      want: ['token_unverified', true, false, 'no_verified_token'],
    },
    {
      name: 'no token after a forged proof: no verdict',
      result: ABSENT,
      who: undefined,
      proof: `k1.${ALICE}.${'A'.repeat(22)}`,
      want: [undefined, false, false, 'no_verified_token'],
    },
    {
      name: 'a verified token, no proof: no_upstream_proof, missing_proof',
      result: VALID,
      who: identity(ALICE),
      proof: undefined,
      want: ['no_upstream_proof', false, false, 'missing_proof'],
    },
    {
      name: 'a verified token, a malformed proof: invalid_proof',
      result: VALID,
      who: identity(ALICE),
      proof: 'k1.short.mac',
      want: ['no_upstream_proof', false, false, 'invalid_proof'],
    },
    {
      name: 'a verified token, a proof of another trace: invalid_proof',
      result: VALID,
      who: identity(ALICE),
      proof: proofOf(ALICE, 'f'.repeat(32)),
      want: ['no_upstream_proof', false, false, 'invalid_proof'],
    },
    {
      name: "a verified token, another subject's proof: changed",
      result: VALID,
      who: identity(BOB),
      proof: proofOf(ALICE),
      want: ['changed', true, false, 'subject_mismatch'],
    },
    {
      name: 'a verified token without sub after a valid proof: changed',
      result: VALID,
      who: identity(undefined),
      proof: proofOf(ALICE),
      want: ['changed', true, false, 'subject_mismatch'],
    },
    {
      name: 'the same subject: consistent and vouched',
      result: VALID,
      who: identity(ALICE),
      proof: proofOf(ALICE),
      want: ['consistent', true, true],
    },
    {
      name: 'the same subject with act: delegated and vouched',
      result: VALID,
      who: identity(ALICE, { delegated: true }),
      proof: proofOf(ALICE),
      want: ['delegated', true, true],
    },
  ])('$name', ({ result, who, proof, want }) => {
    const outcome = judgeSubject(settings, result, who, proof, TRACE_ID);
    const [verdict, upstreamProofValid, vouched, reason] = want;
    expect(outcome).toMatchObject({ verdict, upstreamProofValid, vouched });
    if (reason !== undefined) expect(outcome.reason).toBe(reason);
  });

  test('without a trace id even a proof made for this trace is invalid', () => {
    expect(judgeSubject(settings, VALID, identity(ALICE), proofOf(ALICE), undefined)).toMatchObject({
      upstreamProofValid: false,
      reason: 'invalid_proof',
    });
  });
});

describe('isAuthKey', () => {
  test.each([
    ['user.roles', true],
    ['user.', true],
    ['jwt.subject_proof', true],
    ['tenant.id', true],
    ['legacy.flag', true],
    ['User.roles', false],
    ['jwtx', false],
    ['tenant', false],
    ['color', false],
  ])('%s is an auth key: %s', (key, expected) => {
    expect(isAuthKey(key, settings)).toBe(expected);
  });
});
