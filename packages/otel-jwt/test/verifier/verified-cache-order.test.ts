import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Generational, VerifiedCache } from '../../src/verifier/verified-cache.js';
import type { ValidResult } from '../../src/verifier/verify-result.js';

const FOREVER = Number.POSITIVE_INFINITY;

/** A key ring stand-in: its generation and the end of its keys' usable window can be changed at will. */
const ringAt = (generation = 0, usableUntilMs = FOREVER) => ({ generation, usableUntilMs });

function resultFor(token: string): ValidResult {
  return Object.freeze({
    status: 'valid',
    header: Object.freeze({ alg: 'ES256' }),
    claims: Object.freeze({ iss: 'https://idp.example', exp: 2_000_000_000, jti: token }),
    issuer: 'https://idp.example',
    keyId: undefined,
  });
}

/** Stores `name` under the signature `name` with token `h.p.<name>`, and reads it back the same way. */
function put(cache: VerifiedCache, name: string, ring: Generational, expiresAtMs = FOREVER): ValidResult {
  const result = resultFor(name);
  cache.set(name, `h.p.${name}`, result, expiresAtMs, ring);
  return result;
}
const hit = (cache: VerifiedCache, name: string, nowMs = 0) => cache.get(name, `h.p.${name}`, nowMs);

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
