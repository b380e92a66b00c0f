import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NewestIats } from '../../src/revocation/newest-iats.js';

// The rollback guards of dropped status lists: bounded, oldest remembered out first, never lowered.

describe('NewestIats', () => {
  test('gives back the iat remembered for a uri once, then -Infinity', () => {
    const iats = new NewestIats(4);
    iats.remember('https://idp/lists/1', 1000);
    expect(iats.take('https://idp/lists/1')).toBe(1000);
    expect(iats.take('https://idp/lists/1')).toBe(Number.NEGATIVE_INFINITY);
    expect(iats.take('https://idp/lists/2')).toBe(Number.NEGATIVE_INFINITY);
  });

  test('never lowers a remembered iat', () => {
    const iats = new NewestIats(4);
    iats.remember('a', 1000);
    iats.remember('a', 900);
    expect(iats.take('a')).toBe(1000);
  });

  test('remembers nothing for a list never taken (iat -Infinity)', () => {
    const iats = new NewestIats(4);
    iats.remember('a', Number.NEGATIVE_INFINITY);
    expect(iats.size).toBe(0);
  });

  test('past its capacity, forgets the uri remembered longest ago', () => {
    const iats = new NewestIats(2);
    iats.remember('a', 1);
    iats.remember('b', 2);
    iats.remember('a', 3);
    iats.remember('c', 4);
    expect(iats.size).toBe(2);
    expect([iats.take('a'), iats.take('b'), iats.take('c')]).toEqual([3, Number.NEGATIVE_INFINITY, 4]);
  });

  test('clear forgets everything', () => {
    const iats = new NewestIats(2);
    iats.remember('a', 1);
    iats.clear();
    expect(iats.take('a')).toBe(Number.NEGATIVE_INFINITY);
  });

  test('property: holds at most capacity uris, each with the largest iat remembered since it was last taken', () => {
    const step = fc.oneof(
      fc.record({ remember: fc.constantFrom('a', 'b', 'c', 'd', 'e'), iat: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ take: fc.constantFrom('a', 'b', 'c', 'd', 'e') }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(step, { maxLength: 60 }), (capacity, steps) => {
        const iats = new NewestIats(capacity);
        // The model: uris in order of their last remember, each with its largest iat since its last take.
        let model: { uri: string; iat: number }[] = [];
        for (const s of steps) {
          if ('take' in s) {
            const held = model.find((m) => m.uri === s.take);
            expect(iats.take(s.take)).toBe(held?.iat ?? Number.NEGATIVE_INFINITY);
            model = model.filter((m) => m.uri !== s.take);
          } else {
            iats.remember(s.remember, s.iat);
            const held = model.find((m) => m.uri === s.remember);
            model = model.filter((m) => m.uri !== s.remember);
            model.push({ uri: s.remember, iat: Math.max(held?.iat ?? s.iat, s.iat) });
            model = model.slice(-capacity);
          }
          expect(iats.size).toBe(model.length);
        }
      }),
    );
  });
});
