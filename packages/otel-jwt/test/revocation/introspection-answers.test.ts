import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { IntrospectedClaims } from '../../src/revocation/introspection-answer.js';
import {
  IntrospectionAnswers,
  type IntrospectionLookup,
  MAX_REFUSED_ANSWERS,
} from '../../src/revocation/introspection-answers.js';

// The two answer caches of the introspection client: active answers apart from inactive and failed ones,
// recency of active answers, and what is remembered of an active answer past its end.

const T0 = 1_900_000_000_000;
const LATER = T0 + 60_000;
const active = (sub: string): IntrospectionLookup =>
  Object.freeze({
    kind: 'active',
    claims: Object.freeze({ sub, iss: 'https://idp.example' }) as IntrospectedClaims,
  });
const INACTIVE: IntrospectionLookup = { kind: 'inactive' };
const FAILED: IntrospectionLookup = { kind: 'failed' };
const kinds = (answers: IntrospectionAnswers, keys: string[], at = T0) =>
  keys.map((k) => answers.get(k, at).kind);

describe('IntrospectionAnswers', () => {
  test('inactive and failed answers never evict an active one, however many', () => {
    const answers = new IntrospectionAnswers(3);
    answers.put('alice', active('alice'), LATER);
    for (let i = 0; i < 5000; i++) answers.put(`junk-${i}`, i % 2 === 0 ? INACTIVE : FAILED, LATER);
    expect(answers.get('alice', T0)).toEqual(active('alice'));
    // The refused cache holds at most min(1024, capacity) answers, the oldest out first.
    expect(kinds(answers, ['junk-4996', 'junk-4997', 'junk-4998', 'junk-4999'])).toEqual([
      'unknown',
      'failed',
      'inactive',
      'failed',
    ]);
  });

  test(`keeps at most ${MAX_REFUSED_ANSWERS} inactive answers with a larger capacity`, () => {
    const answers = new IntrospectionAnswers(10_000);
    for (let i = 0; i <= MAX_REFUSED_ANSWERS; i++) answers.put(`junk-${i}`, INACTIVE, LATER);
    expect(kinds(answers, ['junk-0', 'junk-1', `junk-${MAX_REFUSED_ANSWERS}`])).toEqual([
      'unknown',
      'inactive',
      'inactive',
    ]);
  });

  test('a hit on an active answer in the older half of insertions moves it to the back', () => {
    const answers = new IntrospectionAnswers(4);
    for (const user of ['a', 'b', 'c', 'd']) answers.put(user, active(user), LATER);
    expect(answers.get('a', T0).kind).toBe('active');
    answers.put('e', active('e'), LATER);
    answers.put('f', active('f'), LATER);
    expect(kinds(answers, ['a', 'b', 'c', 'd', 'e', 'f'])).toEqual([
      'active',
      'unknown',
      'unknown',
      'active',
      'active',
      'active',
    ]);
  });

  test('a hit on an active answer in the newer half leaves the eviction order', () => {
    const answers = new IntrospectionAnswers(4);
    for (const user of ['a', 'b', 'c', 'd']) answers.put(user, active(user), LATER);
    expect(answers.get('d', T0).kind).toBe('active');
    answers.put('e', active('e'), LATER);
    expect(kinds(answers, ['a', 'd', 'e'])).toEqual(['unknown', 'active', 'active']);
  });

  test('an active answer past its end reads unknown but is still renewable until replaced', () => {
    const answers = new IntrospectionAnswers(4);
    answers.put('alice', active('alice'), LATER, true);
    expect(answers.get('alice', LATER)).toEqual({ kind: 'unknown' });
    expect(answers.renewable('alice')).toEqual({ sub: 'alice', iss: 'https://idp.example' });
    expect(answers.renewable('mallory')).toBeUndefined();
    // An inactive answer ends it.
    answers.put('alice', INACTIVE, LATER + 60_000);
    expect(answers.get('alice', LATER)).toEqual({ kind: 'inactive' });
    expect(answers.renewable('alice')).toBeUndefined();
  });

  test('a failed renewal ends the active answer: its token loses its renewal standing', () => {
    const answers = new IntrospectionAnswers(4);
    answers.put('alice', active('alice'), LATER, true);
    answers.put('alice', FAILED, LATER + 1000);
    expect(answers.get('alice', LATER)).toEqual({ kind: 'failed' });
    expect(answers.renewable('alice')).toBeUndefined();
    expect(answers.get('alice', LATER + 1000)).toEqual({ kind: 'unknown' });
  });

  test('an active answer put as not renewable (it ends at its exp) is never renewable', () => {
    const answers = new IntrospectionAnswers(4);
    answers.put('alice', active('alice'), LATER);
    expect(answers.get('alice', T0).kind).toBe('active');
    expect(answers.renewable('alice')).toBeUndefined();
  });

  test('an active answer replaces a failed one for its token', () => {
    const answers = new IntrospectionAnswers(4);
    answers.put('alice', FAILED, T0 + 1000);
    answers.put('alice', active('alice'), LATER);
    expect(answers.get('alice', T0).kind).toBe('active');
    expect(answers.get('alice', LATER).kind).toBe('unknown');
  });

  test('clear forgets everything, active answers past their end too', () => {
    const answers = new IntrospectionAnswers(4);
    answers.put('alice', active('alice'), LATER, true);
    answers.put('bob', INACTIVE, LATER);
    answers.clear();
    expect(kinds(answers, ['alice', 'bob'])).toEqual(['unknown', 'unknown']);
    expect(answers.renewable('alice')).toBeUndefined();
  });

  test('property: inactive and failed answers change nothing of what active answers are held', () => {
    const step = fc.oneof(
      fc.record({ refused: fc.constantFrom(INACTIVE, FAILED), key: fc.string({ maxLength: 3 }) }),
      fc.record({ hit: fc.integer({ min: 0, max: 12 }) }),
      fc.record({ user: fc.integer({ min: 0, max: 12 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(step, { maxLength: 200 }), (capacity, steps) => {
        // The same active answers and hits, with and without a flood of refused answers between them.
        const flooded = new IntrospectionAnswers(capacity);
        const quiet = new IntrospectionAnswers(capacity);
        for (const s of steps) {
          if ('refused' in s) flooded.put(`junk:${s.key}`, s.refused, LATER);
          else if ('hit' in s) for (const answers of [flooded, quiet]) answers.get(`user:${s.hit}`, T0);
          else
            for (const answers of [flooded, quiet]) answers.put(`user:${s.user}`, active(`${s.user}`), LATER);
        }
        const users = Array.from({ length: 13 }, (_, i) => `user:${i}`);
        expect(kinds(flooded, users)).toEqual(kinds(quiet, users));
      }),
    );
  });
});
