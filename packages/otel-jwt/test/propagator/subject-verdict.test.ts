import { describe, expect, test } from 'vitest';
import { issueProof } from '../../src/propagator/subject-proof.js';
import { judgeSubject } from '../../src/propagator/subject-verdict.js';
import { invalid, unverified } from '../../src/verifier/verify-result.js';
import {
  ABSENT,
  ALICE,
  BOB,
  identity,
  keys,
  proofOf,
  settings,
  unkeyedSettings,
  VALID,
} from '../support/extract-fixtures.js';
import { ISSUER, TRACE_ID } from '../support/telemetry-fixtures.js';

// The subject verdict of extract, table by table: `want` is [verdict, upstreamProofValid,
// vouchingDigest, reason]. The baggage plan is in baggage-plan.test.ts, the entries proof in
// entries-proof.test.ts and the entry span's attributes in entry-attributes.test.ts.

describe('judgeSubject', () => {
  test.each([
    {
      name: 'no token, no proof: no verdict',
      result: ABSENT,
      who: undefined,
      proof: undefined,
      want: [undefined, false, undefined, 'no_verified_token'],
    },
    {
      name: 'no token after a valid proof: token_dropped',
      result: ABSENT,
      who: undefined,
      proof: proofOf(ALICE),
      want: ['token_dropped', true, undefined, 'no_verified_token'],
    },
    {
      name: 'an invalid token after a valid proof: token_invalid',
      result: invalid('expired'),
      who: undefined,
      proof: proofOf(ALICE),
      want: ['token_invalid', true, undefined, 'no_verified_token'],
    },
    {
      name: 'an unverified token after a valid proof: token_unverified, not a forgery',
      result: unverified('unknown_key'),
      who: undefined,
      proof: proofOf(ALICE),
      want: ['token_unverified', true, undefined, 'no_verified_token'],
    },
    {
      name: 'no token after a forged proof: no verdict',
      result: ABSENT,
      who: undefined,
      proof: `k2.${keys.id}.${ALICE}.${'A'.repeat(22)}`,
      want: [undefined, false, undefined, 'no_verified_token'],
    },
    {
      name: 'a verified token, no proof: no_upstream_proof, missing_proof',
      result: VALID,
      who: identity(ALICE),
      proof: undefined,
      want: ['no_upstream_proof', false, undefined, 'missing_proof'],
    },
    {
      name: 'a verified token, a malformed proof: invalid_proof',
      result: VALID,
      who: identity(ALICE),
      proof: 'k1.short.mac',
      want: ['no_upstream_proof', false, undefined, 'invalid_proof'],
    },
    {
      name: 'a verified token, a proof of another trace: invalid_proof',
      result: VALID,
      who: identity(ALICE),
      proof: proofOf(ALICE, 'f'.repeat(32)),
      want: ['no_upstream_proof', false, undefined, 'invalid_proof'],
    },
    {
      name: "a verified token, another subject's proof: changed",
      result: VALID,
      who: identity(BOB),
      proof: proofOf(ALICE),
      want: ['changed', true, undefined, 'subject_mismatch'],
    },
    {
      name: 'a verified token without sub after a valid proof: changed',
      result: VALID,
      who: identity(undefined),
      proof: proofOf(ALICE),
      want: ['changed', true, undefined, 'subject_mismatch'],
    },
    {
      name: 'the same subject: consistent, entries vouched under its digest when an entries proof lists them',
      result: VALID,
      who: identity(ALICE),
      proof: proofOf(ALICE),
      want: ['consistent', true, ALICE, 'missing_proof'],
    },
    {
      name: 'the same subject with act: delegated, entries vouched under its digest',
      result: VALID,
      who: identity(ALICE, { delegated: true }),
      proof: proofOf(ALICE),
      want: ['delegated', true, ALICE, 'missing_proof'],
    },
  ])('$name', ({ result, who, proof, want }) => {
    const outcome = judgeSubject(settings, result, who, proof, TRACE_ID);
    const [verdict, upstreamProofValid, vouchingDigest, reason] = want;
    expect(outcome).toEqual({ verdict, upstreamProofValid, vouchingDigest, reason });
  });

  test('without a trace id even a proof made for this trace is invalid', () => {
    expect(judgeSubject(settings, VALID, identity(ALICE), proofOf(ALICE), undefined)).toMatchObject({
      upstreamProofValid: false,
      reason: 'invalid_proof',
    });
  });

  test('an unkeyed deployment judges the subject from an h1 proof but vouches for nothing: unkeyed_proof', () => {
    const digest = unkeyedSettings.keys.subjectDigest(ISSUER, 'alice');
    const proof = issueProof(unkeyedSettings.keys, TRACE_ID, digest);
    expect(judgeSubject(unkeyedSettings, VALID, identity(digest), proof, TRACE_ID)).toEqual({
      verdict: 'consistent',
      upstreamProofValid: true,
      vouchingDigest: undefined,
      reason: 'unkeyed_proof',
    });
  });

  test('a keyed deployment refuses an h1 proof of the right subject and trace as invalid_proof', () => {
    const proof = issueProof(unkeyedSettings.keys, TRACE_ID, ALICE);
    expect(judgeSubject(settings, VALID, identity(ALICE), proof, TRACE_ID)).toMatchObject({
      verdict: 'no_upstream_proof',
      vouchingDigest: undefined,
      reason: 'invalid_proof',
    });
  });

  test('the all-zero trace id invalidates even a proof computed for it', () => {
    const zero = '0'.repeat(32);
    expect(judgeSubject(settings, VALID, identity(ALICE), proofOf(ALICE, zero), zero)).toMatchObject({
      upstreamProofValid: false,
      reason: 'invalid_proof',
    });
  });
});
