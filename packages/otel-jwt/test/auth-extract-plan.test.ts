import { type Baggage, type BaggageEntry, propagation } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { entryAttributes, judgeSubject, type ProofOutcome, planBaggage } from '../src/auth-extract.js';
import { invalid, unverified } from '../src/verify-result.js';
import { ABSENT, ALICE, BOB, identity, proofOf, settings, VALID } from './support/auth-extract-fixtures.js';
import { ISSUER, TRACE_ID } from './support/telemetry-fixtures.js';

// The new baggage of extract (own entries first) and the attributes of the entry span, table by table.

const KEEP_ALL: ProofOutcome = {
  verdict: 'consistent',
  upstreamProofValid: true,
  vouched: true,
  reason: 'missing_proof',
};
const DROP_ALL: ProofOutcome = {
  verdict: undefined,
  upstreamProofValid: false,
  vouched: false,
  reason: 'no_verified_token',
};
const PROOF_ONLY: ProofOutcome = {
  verdict: 'changed',
  upstreamProofValid: true,
  vouched: false,
  reason: 'subject_mismatch',
};

function bag(entries: Record<string, string>) {
  return propagation.createBaggage(
    Object.fromEntries(Object.entries(entries).map(([k, value]) => [k, { value }])),
  );
}
const own = (entries: [string, string][]) =>
  identity(ALICE, { baggage: entries.map(([key, value]): [string, BaggageEntry] => [key, { value }]) });
const values = (baggage: Baggage | undefined) =>
  baggage?.getAllEntries().map(([key, entry]) => `${key}=${entry.value}`);

describe('planBaggage', () => {
  const inbound = { color: 'blue', 'jwt.subject_proof': 'p', 'tenant.id': 'upstream', 'legacy.flag': 'on' };
  test.each([
    {
      name: 'no inbound baggage, no own entries: unchanged',
      inbound: undefined,
      outcome: DROP_ALL,
      own: undefined,
      entries: undefined,
      removed: [],
    },
    {
      name: 'only non-auth inbound entries: unchanged',
      inbound: { color: 'blue' },
      outcome: DROP_ALL,
      own: undefined,
      entries: undefined,
      removed: [],
    },
    {
      name: 'not vouched, no proof: every auth entry removed',
      inbound,
      outcome: DROP_ALL,
      own: undefined,
      entries: ['color=blue'],
      removed: ['jwt.subject_proof', 'tenant.id', 'legacy.flag'],
    },
    {
      name: 'a valid proof without vouching: the proof alone stays',
      inbound,
      outcome: PROOF_ONLY,
      own: undefined,
      entries: ['color=blue', 'jwt.subject_proof=p'],
      removed: ['tenant.id', 'legacy.flag'],
    },
    {
      name: 'vouched, no own entries: the inbound baggage stays as it is',
      inbound,
      outcome: KEEP_ALL,
      own: undefined,
      entries: undefined,
      removed: [],
    },
    {
      name: 'own entries come first and win over vouched inbound values',
      inbound,
      outcome: KEEP_ALL,
      own: own([
        ['tenant.id', 'mine'],
        ['user.roles', 'r'],
      ]),
      entries: ['tenant.id=mine', 'user.roles=r', 'color=blue', 'jwt.subject_proof=p', 'legacy.flag=on'],
      removed: [],
    },
    {
      name: 'own entries first, then the kept non-auth entries',
      inbound,
      outcome: DROP_ALL,
      own: own([['tenant.id', 'mine']]),
      entries: ['tenant.id=mine', 'color=blue'],
      removed: ['jwt.subject_proof', 'tenant.id', 'legacy.flag'],
    },
    {
      name: 'own entries without inbound baggage',
      inbound: undefined,
      outcome: DROP_ALL,
      own: own([['tenant.id', 'mine']]),
      entries: ['tenant.id=mine'],
      removed: [],
    },
  ])('$name', ({ inbound: entries, outcome, own: mine, entries: expected, removed }) => {
    const plan = planBaggage(
      settings,
      entries === undefined ? undefined : bag(entries),
      outcome,
      mine,
      undefined,
    );
    expect(values(plan.entries)).toEqual(expected);
    expect(plan.removed).toEqual(removed);
  });

  test('kept entries carry their metadata over', () => {
    const inbound = propagation.createBaggage({
      'user.roles': { value: 'x' },
      color: { value: 'blue', metadata: { toString: () => 'ttl=5' } as never },
    });
    const plan = planBaggage(settings, inbound, DROP_ALL, undefined, undefined);
    expect(plan.entries?.getEntry('color')?.metadata?.toString()).toBe('ttl=5');
  });
});

describe('planBaggage and token material', () => {
  const token = 'header0123456789abcdef.payload0123456789abcdef.signature0123456789abcdef';

  test('removes any entry, auth or not, whose value is JWT-shaped, with reason token_material', () => {
    const inbound = bag({
      color: 'blue',
      session: 'eyJhbGciOiJIUzI1NiJ9.x',
      copy: 'aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbb.c',
    });
    const plan = planBaggage(settings, inbound, KEEP_ALL, undefined, undefined);
    expect(values(plan.entries)).toEqual(['color=blue']);
    expect(plan.removed).toEqual(['session', 'copy']);
    expect(plan.reason).toBe('token_material');
  });

  test('removes an entry holding a 16-character piece of the request token or its signature tail', () => {
    const inbound = bag({ piece: 'payload0123456789ab', tail: `x-${token.slice(-16)}`, short: 'payload' });
    const plan = planBaggage(settings, inbound, KEEP_ALL, undefined, token);
    expect(values(plan.entries)).toEqual(['short=payload']);
    expect(plan.removed).toEqual(['piece', 'tail']);
  });

  test('names the auth reason when unvouched auth entries went too', () => {
    const inbound = bag({ 'user.roles': 'admin', session: 'eyJhbGciOiJIUzI1NiJ9' });
    expect(planBaggage(settings, inbound, DROP_ALL, undefined, undefined).reason).toBe('no_verified_token');
  });

  test('records at most 16 removed keys, each cut to 64 characters, however many the caller sent', () => {
    const forged = Object.fromEntries(
      Array.from({ length: 100 }, (_, index) => [
        `jwt.${String(index).padStart(3, '0')}${'k'.repeat(100)}`,
        'x',
      ]),
    );
    const plan = planBaggage(settings, bag(forged), DROP_ALL, undefined, undefined);
    expect(plan.removed).toHaveLength(16);
    expect(plan.removed.every((key) => key.length === 64)).toBe(true);
    expect(plan.entries?.getAllEntries()).toEqual([]);
  });
});

describe('entryAttributes', () => {
  const consistent = judgeSubject(settings, VALID, identity(ALICE), proofOf(ALICE), TRACE_ID);
  const changed = judgeSubject(settings, VALID, identity(BOB), proofOf(ALICE), TRACE_ID);
  test.each([
    {
      name: 'absent, nothing else',
      result: ABSENT,
      who: undefined,
      outcome: DROP_ALL,
      removed: [],
      want: { 'jwt.result': 'absent' },
    },
    {
      name: 'invalid with its code',
      result: invalid('expired'),
      who: undefined,
      outcome: DROP_ALL,
      removed: [],
      want: { 'jwt.result': 'invalid', 'jwt.error_code': 'expired' },
    },
    {
      name: 'unverified with its code',
      result: unverified('keys_unavailable'),
      who: undefined,
      outcome: DROP_ALL,
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
      outcome: DROP_ALL,
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
    const first = entryAttributes(ABSENT, undefined, DROP_ALL, nothing);
    expect(Object.isFrozen(first)).toBe(true);
    expect(entryAttributes(ABSENT, undefined, DROP_ALL, nothing)).toBe(first);
  });

  test('with removals each request gets its own object, and the shared one stays unchanged', () => {
    const removal = { entries: undefined, removed: ['user.roles'], reason: 'no_verified_token' as const };
    const nothing = { entries: undefined, removed: [], reason: undefined };
    const first = entryAttributes(ABSENT, undefined, DROP_ALL, removal);
    expect(first).not.toBe(entryAttributes(ABSENT, undefined, DROP_ALL, removal));
    expect(entryAttributes(ABSENT, undefined, DROP_ALL, nothing)).toEqual({ 'jwt.result': 'absent' });
  });
});
