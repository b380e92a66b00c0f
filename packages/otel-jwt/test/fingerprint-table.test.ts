import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FingerprintTable } from '../src/fingerprint-table.js';

describe('counted fingerprints in typed arrays', () => {
  test('agrees with a Map model over random adds and removes, collisions included', () => {
    // A small table and few distinct keys force long probe runs and many backward shifts.
    const key = fc.record({ high: fc.integer({ min: 0, max: 40 }), low: fc.integer({ min: 0, max: 3 }) });
    const op = fc.tuple(fc.constantFrom('add', 'remove'), key);
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const table = new FingerprintTable(9);
        const model = new Map<string, number>();
        for (const [kind, { high, low }] of ops) {
          const id = `${high}/${low}`;
          if (kind === 'add') {
            table.add(high, low);
            model.set(id, (model.get(id) ?? 0) + 1);
          } else {
            table.remove(high, low);
            const left = (model.get(id) ?? 0) - 1;
            if (left > 0) model.set(id, left);
            else model.delete(id);
          }
          for (let h = 0; h <= 40; h++) {
            for (let l = 0; l <= 3; l++) {
              if (table.has(h, l) !== model.has(`${h}/${l}`)) return false;
            }
          }
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  test('a fingerprint added twice stays until it is removed twice', () => {
    const table = new FingerprintTable(4);
    table.add(0xffffffff, 7);
    table.add(0xffffffff, 7);
    table.remove(0xffffffff, 7);
    expect(table.has(0xffffffff, 7)).toBe(true);
    table.remove(0xffffffff, 7);
    expect(table.has(0xffffffff, 7)).toBe(false);
  });

  test('removing a fingerprint that is not there changes nothing', () => {
    const table = new FingerprintTable(4);
    table.add(1, 2);
    table.remove(3, 4);
    expect(table.has(1, 2)).toBe(true);
  });
});

test('rebuilding the filter keeps every entry present and drops removed ones', () => {
  const table = new FingerprintTable(10);
  for (let i = 0; i < 200; i++) table.add(Math.imul(i, 0x9e3779b1) >>> 0, i);
  for (let i = 0; i < 100; i++) table.remove(Math.imul(i, 0x9e3779b1) >>> 0, i);
  table.compact();
  for (let i = 0; i < 200; i++) expect(table.has(Math.imul(i, 0x9e3779b1) >>> 0, i)).toBe(i >= 100);
});
