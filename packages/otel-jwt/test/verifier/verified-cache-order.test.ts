import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { VerifiedCache } from '../../src/verifier/verified-cache.js';
import { FOREVER, hit, put, ringAt } from '../support/cache-fixtures.js';

describe('eviction order', () => {
  test('evicts exactly the entry an exact insertion-order model names, through long runs of writes, hits and expiries', () => {
    // The model keeps keys in a plain array, oldest first; the cache walks its map with one iterator
    // across evictions, which must name the same victims whatever was deleted or moved before.
    const op = fc.record({
      kind: fc.constantFrom('write', 'write', 'hit', 'expire'),
      key: fc.integer({ min: 0, max: 40 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(op, { maxLength: 400 }), (capacity, ops) => {
        const cache = new VerifiedCache(capacity);
        const ring = ringAt();
        const order: string[] = [];
        const stamp = new Map<string, number>();
        let insertions = 0;
        const toBack = (key: string) => {
          order.splice(order.indexOf(key), 1);
          order.push(key);
        };
        for (const { kind, key: n } of ops) {
          const key = `k${n}`;
          if (kind === 'write') {
            put(cache, key, ring, n % 7 === 0 ? 100 : FOREVER);
            if (order.includes(key)) order.splice(order.indexOf(key), 1);
            while (order.length >= capacity) stamp.delete(order.shift() as string);
            order.push(key);
            stamp.set(key, ++insertions);
          } else if (kind === 'hit') {
            const found = hit(cache, key) !== undefined;
            expect(found).toBe(order.includes(key));
            if (found && insertions - (stamp.get(key) as number) >= Math.ceil(capacity / 2)) {
              toBack(key);
              stamp.set(key, ++insertions);
            }
          } else {
            // Read at a time when the entries stored with an expiry (every seventh key) have expired.
            const found = hit(cache, key, 100) !== undefined;
            const expired = n % 7 === 0;
            expect(found).toBe(order.includes(key) && !expired);
            if (order.includes(key) && expired) {
              order.splice(order.indexOf(key), 1);
              stamp.delete(key);
            } else if (found && insertions - (stamp.get(key) as number) >= Math.ceil(capacity / 2)) {
              toBack(key);
              stamp.set(key, ++insertions);
            }
          }
          expect(cache.size).toBe(order.length);
        }
        for (const key of order) expect(hit(cache, key)).toBeDefined();
      }),
      { numRuns: 400 },
    );
  });
});
