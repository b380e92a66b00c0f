import { describe, expect, test } from 'vitest';
import { entryAttributes } from '../../src/propagator/entry-attributes.js';
import { judgeSubject } from '../../src/propagator/subject-verdict.js';
import { invalid, unverified } from '../../src/verifier/verify-result.js';
import {
  ABSENT,
  ALICE,
  BOB,
  identity,
  NO_TOKEN,
  proofOf,
  settings,
  VALID,
} from '../support/extract-fixtures.js';
import { ISSUER, TRACE_ID } from '../support/telemetry-fixtures.js';

// The attributes of the entry span: the result, the identity, the verdict and what the baggage plan
// removed.

describe('entryAttributes', () => {
  const consistent = judgeSubject(settings, VALID, identity(ALICE), proofOf(ALICE), TRACE_ID);
  const changed = judgeSubject(settings, VALID, identity(BOB), proofOf(ALICE), TRACE_ID);
  test.each([
    {
      name: 'absent, nothing else',
      result: ABSENT,
      who: undefined,
      outcome: NO_TOKEN,
      removed: [],
      want: { 'jwt.result': 'absent' },
    },
    {
      name: 'invalid with its code',
      result: invalid('expired'),
      who: undefined,
      outcome: NO_TOKEN,
      removed: [],
      want: { 'jwt.result': 'invalid', 'jwt.error_code': 'expired' },
    },
    {
      name: 'unverified with its code',
      result: unverified('keys_unavailable'),
      who: undefined,
      outcome: NO_TOKEN,
      removed: [],
      want: { 'jwt.result': 'unverified', 'jwt.error_code': 'keys_unavailable' },
    },
    {
      name: 'valid with the identity and the verdict',
      result: VALID,
      who: identity(ALICE),
      outcome: consistent,
      removed: [],
      want: { 'jwt.result': 'valid', 'jwt.issuer': ISSUER, 'jwt.subject.verdict': 'consistent' },
    },
    {
      name: 'changed adds jwt.subject.changed',
      result: VALID,
      who: identity(BOB),
      outcome: changed,
      removed: [],
      want: {
        'jwt.result': 'valid',
        'jwt.issuer': ISSUER,
        'jwt.subject.verdict': 'changed',
        'jwt.subject.changed': true,
      },
    },
    {
      name: 'removals with their reason',
      result: ABSENT,
      who: undefined,
      outcome: NO_TOKEN,
      removed: ['user.roles'],
      want: {
        'jwt.result': 'absent',
        'jwt.baggage.removed': ['user.roles'],
        'jwt.baggage.removal_reason': 'no_verified_token',
      },
    },
  ])('$name', ({ result, who, outcome, removed, want }) => {
    const plan = {
      entries: undefined,
      removed,
      reason: removed.length > 0 ? outcome.reason : undefined,
    };
    expect(entryAttributes(result, who, outcome, plan)).toEqual(want);
  });

  test('without removals the attributes are one frozen object shared by every such request', () => {
    const nothing = { entries: undefined, removed: [], reason: undefined };
    const first = entryAttributes(ABSENT, undefined, NO_TOKEN, nothing);
    expect(Object.isFrozen(first)).toBe(true);
    expect(entryAttributes(ABSENT, undefined, NO_TOKEN, nothing)).toBe(first);
  });

  test('with removals each request gets its own object, and the shared one stays unchanged', () => {
    const removal = { entries: undefined, removed: ['user.roles'], reason: 'no_verified_token' as const };
    const nothing = { entries: undefined, removed: [], reason: undefined };
    const first = entryAttributes(ABSENT, undefined, NO_TOKEN, removal);
    expect(first).not.toBe(entryAttributes(ABSENT, undefined, NO_TOKEN, removal));
    expect(entryAttributes(ABSENT, undefined, NO_TOKEN, nothing)).toEqual({ 'jwt.result': 'absent' });
  });
});

describe('entryAttributes of a keyed consistent hop', () => {
  test('a consistent verdict with removed unlisted entries records them under missing_proof', () => {
    const consistent = judgeSubject(settings, VALID, identity(ALICE), proofOf(ALICE), TRACE_ID);
    const plan = { entries: undefined, removed: ['acme.tenant'], reason: consistent.reason };
    expect(entryAttributes(VALID, identity(ALICE), consistent, plan)).toEqual({
      'jwt.result': 'valid',
      'jwt.issuer': ISSUER,
      'jwt.subject.verdict': 'consistent',
      'jwt.baggage.removed': ['acme.tenant'],
      'jwt.baggage.removal_reason': 'missing_proof',
    });
  });
});
