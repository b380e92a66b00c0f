import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { HeavyHitters } from '../../src/internal/heavy-hitters.js';

describe('HeavyHitters', () => {
  test('counts keys exactly while they fit, and lists the most counted first', () => {
    const hitters = new HeavyHitters(4);
    for (const key of ['a', 'b', 'a', 'c', 'a', 'b']) hitters.add(key);
    expect(hitters.top(2)).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });

  test('never holds more keys than its capacity, whatever the stream', () => {
    const hitters = new HeavyHitters(16);
    for (let i = 0; i < 10_000; i++) hitters.add(`made-up-${i}`);
    expect(hitters.size).toBe(16);
  });

  test('property: a key seen more than total/capacity times is kept, with a count no lower than its own', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 400 }),
        fc.integer({ min: 1, max: 12 }),
        (stream, capacity) => {
          const hitters = new HeavyHitters(capacity);
          const truth = new Map<string, number>();
          for (const n of stream) {
            const key = `k${n}`;
            hitters.add(key);
            truth.set(key, (truth.get(key) ?? 0) + 1);
          }
          const kept = new Map(hitters.top(capacity));
          for (const [key, count] of truth) {
            if (count > stream.length / capacity) {
              expect(kept.has(key)).toBe(true);
              expect(kept.get(key) as number).toBeGreaterThanOrEqual(count);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
