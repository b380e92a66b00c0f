import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { CACHED_CHARS_PER_ENTRY, VerifiedCache } from '../../src/verifier/verified-cache.js';
import { FOREVER, hit, put, resultFor, ringAt } from '../support/cache-fixtures.js';

describe('capacity', () => {
  test('never holds more than capacity entries, and an entry used lately survives half a capacity of insertions', () => {
    const op = fc.record({ write: fc.boolean(), key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f') });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 60 }), (capacity, ops) => {
        const cache = new VerifiedCache(capacity);
        const ring = ringAt();
        // Insertions as the cache counts them: writes, and hits that move an entry older than half a
        // capacity to the newest place (each such move, like a write, brings every older entry one
        // place nearer eviction).
        let insertions = 0;
        const stamp = new Map<string, number>();
        const lastUse = new Map<string, number>(); // insertions at the key's last write or hit
        for (const { write, key } of ops) {
          if (write) {
            put(cache, key, ring);
            stamp.set(key, ++insertions);
            lastUse.set(key, insertions);
          } else {
            const found = hit(cache, key) !== undefined;
            const used = lastUse.get(key);
            if (used === undefined) expect(found).toBe(false);
            // Used within the last half capacity of insertions: must still be there.
            else if (insertions - used < Math.floor(capacity / 2)) expect(found).toBe(true);
            if (found) {
              if (insertions - (stamp.get(key) ?? 0) >= Math.ceil(capacity / 2)) stamp.set(key, ++insertions);
              lastUse.set(key, insertions);
            } else {
              lastUse.delete(key);
              stamp.delete(key);
            }
          }
          expect(cache.size).toBeLessThanOrEqual(capacity);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('a hot entry hit after every insertion survives, moved only once per half capacity of insertions', () => {
    const cache = new VerifiedCache(8);
    const ring = ringAt();
    const hot = put(cache, 'hot', ring);
    const set = vi.spyOn(Map.prototype, 'set');
    try {
      for (let round = 0; round < 40; round++) {
        put(cache, `cold-${round}`, ring);
        expect(hit(cache, 'hot')).toBe(hot);
      }
      // 40 insertions, plus one move per 4 insertions (half the capacity) for the hot entry; moving on
      // every hit would make it 80.
      expect(set.mock.calls.length).toBeLessThanOrEqual(40 + 10);
    } finally {
      set.mockRestore();
    }
    expect(cache.size).toBe(8);
  });

  test('evicts the least recently used entry first when full', () => {
    const cache = new VerifiedCache(2);
    const ring = ringAt();
    put(cache, 'a', ring);
    const b = put(cache, 'b', ring);
    const c = put(cache, 'c', ring);
    expect(hit(cache, 'a')).toBeUndefined();
    expect(hit(cache, 'b')).toBe(b);
    expect(hit(cache, 'c')).toBe(c);
  });

  test('a hit refreshes recency so the entry survives the next eviction', () => {
    const cache = new VerifiedCache(2);
    const ring = ringAt();
    const a = put(cache, 'a', ring);
    put(cache, 'b', ring);
    expect(hit(cache, 'a')).toBe(a);
    put(cache, 'c', ring);
    expect(hit(cache, 'b')).toBeUndefined();
    expect(hit(cache, 'a')).toBe(a);
  });

  test('storing an entry again replaces it without evicting another', () => {
    const cache = new VerifiedCache(2);
    const ring = ringAt();
    const a = put(cache, 'a', ring);
    const b = put(cache, 'b', ring);
    const again = put(cache, 'a', ring);
    expect(cache.size).toBe(2);
    expect(hit(cache, 'a')).toBe(again);
    expect(again).not.toBe(a);
    expect(hit(cache, 'b')).toBe(b);
  });

  test('capacity 0 stores nothing', () => {
    const cache = new VerifiedCache(0);
    put(cache, 'a', ringAt());
    expect(cache.size).toBe(0);
    expect(hit(cache, 'a')).toBeUndefined();
  });

  test('clear() forgets every entry', () => {
    const cache = new VerifiedCache(3);
    put(cache, 'a', ringAt());
    cache.clear();
    expect(cache.size).toBe(0);
    expect(hit(cache, 'a')).toBeUndefined();
  });
});

describe('expiry', () => {
  test('serves an entry only strictly before its expiry time', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: -5, max: 5 }), (expiresAtMs, offset) => {
        const cache = new VerifiedCache(1);
        const result = put(cache, 'a', ringAt(), expiresAtMs);
        const nowMs = expiresAtMs + offset;
        expect(hit(cache, 'a', nowMs)).toBe(nowMs < expiresAtMs ? result : undefined);
      }),
    );
  });

  test('never serves an entry at its expiry time and drops it', () => {
    const cache = new VerifiedCache(2);
    put(cache, 'a', ringAt(), 1_000);
    expect(hit(cache, 'a', 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(hit(cache, 'a', 999)).toBeUndefined();
  });

  test('never serves an entry stored already expired', () => {
    const cache = new VerifiedCache(2);
    put(cache, 'a', ringAt(), 1_000);
    expect(hit(cache, 'a', 5_000)).toBeUndefined();
  });
});

describe('key ring changes', () => {
  test('drops an entry once the generation of its key ring changes, even if it later changes back', () => {
    const cache = new VerifiedCache(3);
    const ring = ringAt(4);
    put(cache, 'a', ring);
    ring.generation = 5;
    expect(hit(cache, 'a')).toBeUndefined();
    expect(cache.size).toBe(0);
    ring.generation = 4;
    expect(hit(cache, 'a')).toBeUndefined();
  });

  test('keeps entries of other key rings when one ring changes generation', () => {
    const cache = new VerifiedCache(3);
    const changed = ringAt();
    const untouched = ringAt();
    put(cache, 'a', changed);
    const b = put(cache, 'b', untouched);
    changed.generation++;
    expect(hit(cache, 'a')).toBeUndefined();
    expect(hit(cache, 'b')).toBe(b);
  });

  test('never serves an entry at or after the end of its key ring usable window, and drops it', () => {
    const cache = new VerifiedCache(2);
    const ring = ringAt(0, 5_000);
    const result = put(cache, 'a', ring, 10_000);
    expect(hit(cache, 'a', 4_999)).toBe(result);
    expect(hit(cache, 'a', 5_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  test('stops serving an entry when its key ring usable window is cut short after it was stored', () => {
    const cache = new VerifiedCache(2);
    const ring = ringAt();
    put(cache, 'a', ring, 10_000);
    ring.usableUntilMs = 1_000;
    expect(hit(cache, 'a', 2_000)).toBeUndefined();
  });
});

describe('token identity', () => {
  test('two different tokens sharing a signature segment never share an entry', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (signature, prefix1, prefix2) => {
        fc.pre(prefix1 !== prefix2);
        const cache = new VerifiedCache(4);
        const ring = ringAt();
        const first = `${prefix1}.${signature}`;
        const second = `${prefix2}.${signature}`;
        const firstResult = resultFor(first);
        cache.set(signature, first, firstResult, FOREVER, ring);
        expect(cache.get(signature, second, 0)).toBeUndefined();
        expect(cache.get(signature, first, 0)).toBe(firstResult);
        const secondResult = resultFor(second);
        cache.set(signature, second, secondResult, FOREVER, ring);
        expect(cache.get(signature, first, 0)).toBeUndefined();
        expect(cache.get(signature, second, 0)).toBe(secondResult);
      }),
    );
  });
});

describe('characters', () => {
  const tokenOf = (name: string, chars: number) => `h.p.${name}`.padEnd(chars, 'x');

  test('holds at most capacity x 1,024 token characters: large tokens push out the oldest', () => {
    const cache = new VerifiedCache(10);
    const ring = ringAt();
    for (let i = 0; i < 10; i++) cache.set(`s${i}`, tokenOf(`s${i}`, 500), resultFor(`s${i}`), FOREVER, ring);
    expect(cache.size).toBe(10);
    // Two tokens of 4,000 characters need room for 8,000 of the 10,240: 8 of the small ones go first.
    for (const name of ['big1', 'big2'])
      cache.set(name, tokenOf(name, 4_000), resultFor(name), FOREVER, ring);
    expect(cache.charsHeld).toBeLessThanOrEqual(10 * CACHED_CHARS_PER_ENTRY);
    expect(cache.size).toBe(6);
    expect(cache.get('s0', tokenOf('s0', 500), 0)).toBeUndefined();
    expect(cache.get('s9', tokenOf('s9', 500), 0)).toBeDefined();
    expect(cache.get('big2', tokenOf('big2', 4_000), 0)).toBeDefined();
  });

  test('any mix of sizes, replacements and expiries keeps the characters held within the bound and counted right', () => {
    const op = fc.record({
      key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
      chars: fc.integer({ min: 16, max: 4_096 }),
      expired: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const cache = new VerifiedCache(4);
        const ring = ringAt();
        const tokens = new Map<string, string>();
        for (const { key, chars, expired } of ops) {
          const token = tokenOf(key, chars);
          cache.set(key, token, resultFor(key), expired ? 1 : FOREVER, ring);
          tokens.set(key, token);
          for (const [name, held] of tokens) cache.get(name, held, 10);
          if (cache.charsHeld > cache.maxChars || cache.size > cache.capacity) return false;
        }
        let counted = 0;
        for (const [name, held] of tokens)
          if (cache.get(name, held, 10) !== undefined) counted += held.length;
        return counted === cache.charsHeld;
      }),
    );
  });

  test('a token longer than the whole budget is not cached, and pushes nothing out', () => {
    const cache = new VerifiedCache(1);
    const ring = ringAt();
    cache.set('small', tokenOf('small', 100), resultFor('small'), FOREVER, ring);
    cache.set('huge', tokenOf('huge', 2_000), resultFor('huge'), FOREVER, ring);
    expect(cache.get('huge', tokenOf('huge', 2_000), 0)).toBeUndefined();
    expect(cache.get('small', tokenOf('small', 100), 0)).toBeDefined();
  });
});
