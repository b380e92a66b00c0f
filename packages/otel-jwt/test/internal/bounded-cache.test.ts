import { describe, expect, test } from 'vitest';
import { BoundedCache } from '../../src/internal/bounded-cache.js';

/** Uses `keys` keys in turn, `rounds` times, storing each key not found; the share of uses found after warm-up. */
function hitRate(cache: BoundedCache<number, number>, keys: number, rounds: number): number {
  let hits = 0;
  let uses = 0;
  for (let round = 0; round < rounds; round++) {
    for (let key = 0; key < keys; key++) {
      const found = cache.get(key) !== undefined;
      if (round >= rounds / 2) {
        uses++;
        if (found) hits++;
      }
      if (!found) cache.set(key, key);
    }
  }
  return hits / uses;
}

describe('BoundedCache', () => {
  test('keeps what was set until it is full', () => {
    const cache = new BoundedCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    expect(cache.get('a')).toBe(3);
    expect(cache.get('b')).toBe(2);
    expect(cache.get('c')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  test('never holds more than its capacity, and every value it holds is the one set for its key', () => {
    const cache = new BoundedCache<number, number>(64);
    for (let key = 0; key < 10_000; key++) cache.set(key, key * 2);
    expect(cache.size).toBe(64);
    let found = 0;
    for (let key = 0; key < 10_000; key++) {
      const value = cache.get(key);
      if (value === undefined) continue;
      expect(value).toBe(key * 2);
      found++;
    }
    expect(found).toBe(64);
  });

  test('updates a key it holds even when full', () => {
    const cache = new BoundedCache<number, number>(2);
    cache.set(1, 1);
    cache.set(2, 2);
    cache.set(2, 20);
    expect(cache.get(2)).toBe(20);
  });

  test('keys used in turn within its capacity are all found', () => {
    expect(hitRate(new BoundedCache(256), 256, 10)).toBe(1);
  });

  test('past its capacity, keys used in turn are still found nearly capacity / keys of the time', () => {
    // Emptying the map when full, or evicting the least recently used key, finds none of them.
    const capacity = 256;
    for (const keys of [257, 320, 512, 1024]) {
      const rate = hitRate(new BoundedCache(capacity), keys, 200);
      expect(rate).toBeGreaterThan((0.5 * capacity) / keys);
      expect(rate).toBeLessThanOrEqual(capacity / keys);
    }
  });

  test('a flood of new keys pushes out a key in use only now and then, for a few of its uses', () => {
    const cache = new BoundedCache<string, number>(1024);
    let misses = 0;
    for (let i = 0; i < 100_000; i++) {
      if (cache.get('hot') === undefined) {
        misses++;
        cache.set('hot', 1);
      }
      cache.set(`flood-${i}`, i);
    }
    // A new key replaces the hot one with probability 1/8 x 1/1024, about a dozen times in 100,000, and
    // each time the hot key is stored again within about 8 uses.
    expect(misses).toBeLessThan(400);
  });

  test('a new set of keys takes over most of a full cache within a few hundred uses each', () => {
    const cache = new BoundedCache<number, number>(128);
    for (let key = 0; key < 128; key++) cache.set(key, key);
    let found = 0;
    for (let round = 0; round < 200; round++) {
      for (let key = 1000; key < 1128; key++) {
        if (cache.get(key) === undefined) cache.set(key, key);
        else if (round === 199) found++;
      }
    }
    expect(found).toBeGreaterThan(0.9 * 128);
  });

  test('clear forgets everything', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  test('refuses a capacity that is not a positive integer', () => {
    expect(() => new BoundedCache(0)).toThrow(RangeError);
    expect(() => new BoundedCache(1.5)).toThrow(RangeError);
  });
});
