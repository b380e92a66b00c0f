import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FingerprintTable } from '../../src/redaction/fingerprint-table.js';
import { SeenTokenPool } from '../../src/redaction/seen-token-pool.js';

/** A token's prints: `count` pairs made from its number, distinct from every other token's. */
function printsOf(token: number, count: number): Uint32Array {
  const prints = new Uint32Array(2 * count);
  for (let i = 0; i < count; i++) {
    prints[2 * i] = token + 1;
    prints[2 * i + 1] = i;
  }
  return prints;
}

const holds = (table: FingerprintTable, token: number) => table.has(token + 1, 0);

describe('a pool of tokens, oldest forgotten first', () => {
  test('keeps its own copy of each token prints: the array handed in may be reused at once', () => {
    const table = new FingerprintTable(12);
    const pool = new SeenTokenPool(4, 1000);
    const scratch = printsOf(1, 10);
    pool.add(table, 1, scratch.subarray(0, 20), false);
    scratch.set(printsOf(2, 10));
    pool.add(table, 2, scratch.subarray(0, 20), false);
    expect(holds(table, 1)).toBe(true);
    pool.remove(table, 1);
    // Removing token 1 took out token 1's prints, not the ones that replaced them in the scratch.
    expect(holds(table, 1)).toBe(false);
    expect(holds(table, 2)).toBe(true);
    expect(table.size).toBe(10);
  });

  test('holds exactly the newest tokens that fit both budgets, across many blocks of copies', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 12 }),
        (sizes, capacity) => {
          const table = new FingerprintTable(16);
          const pool = new SeenTokenPool(capacity, 6000);
          for (const [token, size] of sizes.entries()) pool.add(table, token, printsOf(token, size), false);
          // Model: walking back from the newest, tokens are kept while both budgets hold.
          let prints = 0;
          let tokens = 0;
          const kept = new Set<number>();
          for (let token = sizes.length - 1; token >= 0; token--) {
            const size = sizes[token] as number;
            if (tokens === capacity || prints + size > 6000) break;
            prints += size;
            tokens++;
            kept.add(token);
          }
          for (let token = 0; token < sizes.length; token++) {
            expect(holds(table, token)).toBe(kept.has(token));
            expect(pool.has(token)).toBe(kept.has(token));
          }
          expect(table.size).toBe(prints);
        },
      ),
      { numRuns: 200 },
    );
  });
});
