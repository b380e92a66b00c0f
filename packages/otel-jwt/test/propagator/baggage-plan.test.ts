import { propagation } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { planBaggage } from '../../src/propagator/baggage-plan.js';
import { bag, CHANGED, CONSISTENT, NO_TOKEN, own, settings, values } from '../support/extract-fixtures.js';

// The new baggage of extract (own entries first), table by table. Entry attributes are in
// entry-attributes.test.ts; whether an entries proof checks is in entries-proof.test.ts, so here the
// set of keys it vouched for is given.

const PROOF = 'jwt.subject_proof=p';
const ENTRIES = 'jwt.entries_proof=e';
const inbound = {
  color: 'blue',
  'jwt.subject_proof': 'p',
  'jwt.entries_proof': 'e',
  'tenant.id': 'upstream',
  'legacy.flag': 'on',
};
const BOTH = new Set(['tenant.id', 'legacy.flag']);

describe('planBaggage', () => {
  test.each([
    {
      name: 'no inbound baggage, no own entries: unchanged',
      inbound: undefined,
      outcome: NO_TOKEN,
      vouched: undefined,
      own: undefined,
      entries: undefined,
      removed: [],
    },
    {
      name: 'only non-auth inbound entries: unchanged',
      inbound: { color: 'blue' },
      outcome: NO_TOKEN,
      vouched: undefined,
      own: undefined,
      entries: undefined,
      removed: [],
    },
    {
      name: 'no verified token: every auth entry but the entries proof is removed and recorded',
      inbound,
      outcome: NO_TOKEN,
      vouched: undefined,
      own: undefined,
      entries: ['color=blue'],
      removed: ['jwt.subject_proof', 'tenant.id', 'legacy.flag'],
    },
    {
      name: 'a changed subject: the valid subject proof alone stays, the entries proof is consumed',
      inbound,
      outcome: CHANGED,
      vouched: undefined,
      own: undefined,
      entries: ['color=blue', PROOF],
      removed: ['tenant.id', 'legacy.flag'],
    },
    {
      name: 'consistent but no entries proof checked: the auth entries go, the subject proof stays',
      inbound,
      outcome: CONSISTENT,
      vouched: undefined,
      own: undefined,
      entries: ['color=blue', PROOF],
      removed: ['tenant.id', 'legacy.flag'],
    },
    {
      name: 'consistent, the entries proof lists both: they and the entries proof stay, the baggage as it came',
      inbound,
      outcome: CONSISTENT,
      vouched: BOTH,
      own: undefined,
      entries: undefined,
      removed: [],
    },
    {
      name: 'consistent, the entries proof lists one: the unlisted auth entry goes',
      inbound,
      outcome: CONSISTENT,
      vouched: new Set(['tenant.id']),
      own: undefined,
      entries: ['color=blue', PROOF, ENTRIES, 'tenant.id=upstream'],
      removed: ['legacy.flag'],
    },
    {
      name: 'a vouched set never keeps entries when the subject changed (no vouching digest, no set)',
      inbound: { 'jwt.subject_proof': 'p', 'tenant.id': 'upstream' },
      outcome: CHANGED,
      vouched: undefined,
      own: undefined,
      entries: [PROOF],
      removed: ['tenant.id'],
    },
    {
      name: 'own entries come first and win over vouched inbound values',
      inbound,
      outcome: CONSISTENT,
      vouched: BOTH,
      own: own([
        ['tenant.id', 'mine'],
        ['user.roles', 'r'],
      ]),
      entries: ['tenant.id=mine', 'user.roles=r', 'color=blue', PROOF, ENTRIES, 'legacy.flag=on'],
      removed: [],
    },
    {
      name: 'own entries first, then the kept non-auth entries',
      inbound,
      outcome: NO_TOKEN,
      vouched: undefined,
      own: own([['tenant.id', 'mine']]),
      entries: ['tenant.id=mine', 'color=blue'],
      removed: ['jwt.subject_proof', 'tenant.id', 'legacy.flag'],
    },
    {
      name: 'own entries without inbound baggage',
      inbound: undefined,
      outcome: NO_TOKEN,
      vouched: undefined,
      own: own([['tenant.id', 'mine']]),
      entries: ['tenant.id=mine'],
      removed: [],
    },
    {
      name: 'own entries that arrived already, vouched: the inbound baggage stays as it is',
      inbound: { 'jwt.subject_proof': 'p', 'tenant.id': 'mine' },
      outcome: CONSISTENT,
      vouched: new Set(['tenant.id']),
      own: own([['tenant.id', 'mine']]),
      entries: undefined,
      removed: [],
    },
  ])('$name', ({ inbound: entries, outcome, vouched, own: mine, entries: expected, removed }) => {
    const plan = planBaggage(
      settings,
      entries === undefined ? undefined : bag(entries),
      outcome,
      vouched,
      mine,
      undefined,
    );
    expect(values(plan.entries)).toEqual(expected);
    expect(plan.removed).toEqual(removed);
  });

  test('an inbound entries proof alone is consumed without a removal: inject issues its own', () => {
    const plan = planBaggage(
      settings,
      bag({ 'jwt.entries_proof': 'e', color: 'blue' }),
      CONSISTENT,
      undefined,
      undefined,
      undefined,
    );
    expect(values(plan.entries)).toEqual(['color=blue']);
    expect(plan).toMatchObject({ removed: [], reason: undefined });
  });

  test('unvouched auth entries are removed with the reason of the outcome', () => {
    const plan = planBaggage(settings, bag({ 'tenant.id': 'x' }), CHANGED, undefined, undefined, undefined);
    expect(plan.reason).toBe('subject_mismatch');
  });

  test('kept entries carry their metadata over', () => {
    const inbound = propagation.createBaggage({
      'user.roles': { value: 'x' },
      color: { value: 'blue', metadata: { toString: () => 'ttl=5' } as never },
    });
    const plan = planBaggage(settings, inbound, NO_TOKEN, undefined, undefined, undefined);
    expect(plan.entries?.getEntry('color')?.metadata?.toString()).toBe('ttl=5');
  });

  test('records at most 16 removed keys, each cut to 64 characters, however many the caller sent', () => {
    const forged = Object.fromEntries(
      Array.from({ length: 100 }, (_, index) => [
        `jwt.${String(index).padStart(3, '0')}${'k'.repeat(100)}`,
        'x',
      ]),
    );
    const plan = planBaggage(settings, bag(forged), NO_TOKEN, undefined, undefined, undefined);
    expect(plan.removed).toHaveLength(16);
    expect(plan.removed.every((key) => key.length === 64)).toBe(true);
    expect(plan.entries?.getAllEntries()).toEqual([]);
  });
});
