import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FingerprintTable } from '../../src/redaction/fingerprint-table.js';

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

  test('any sequence of adds and removes, past its capacity too, keeps probes bounded and lookups right', () => {
    // Far more distinct keys than the 32 the table may hold: adds beyond it are refused, never looped on.
    const key = fc.record({ high: fc.integer({ min: 0, max: 300 }), low: fc.integer({ min: 0, max: 1 }) });
    const op = fc.tuple(fc.constantFrom('add', 'add', 'remove'), key, fc.integer({ min: 1, max: 3 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const table = new FingerprintTable(6);
        const model = new Map<string, number>();
        for (const [kind, { high, low }, times] of ops) {
          const id = `${high}/${low}`;
          for (let i = 0; i < times; i++) {
            if (kind === 'add') {
              const isNew = !model.has(id);
              const added = table.add(high, low);
              if (added !== (!isNew || model.size < table.capacity)) return false;
              if (added) model.set(id, (model.get(id) ?? 0) + 1);
            } else {
              table.remove(high, low);
              const left = (model.get(id) ?? 0) - 1;
              if (left > 0) model.set(id, left);
              else model.delete(id);
            }
          }
          if (table.size !== model.size || table.size > table.capacity) return false;
          // Every probe ends at an empty slot within the longest run of used ones.
          if (table.longestRun() > table.capacity) return false;
          for (const [known] of model) {
            const [h, l] = known.split('/').map(Number) as [number, number];
            if (!table.has(h, l)) return false;
          }
          if (table.has(high, low) !== model.has(id)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  test('a full table refuses a new fingerprint and still counts one it holds', () => {
    const table = new FingerprintTable(4);
    for (let i = 0; i < table.capacity; i++) expect(table.add(i * 7919, i)).toBe(true);
    expect(table.add(1, 1)).toBe(false);
    expect(table.has(1, 1)).toBe(false);
    expect(table.add(0, 0)).toBe(true);
    table.remove(0, 0);
    expect(table.has(0, 0)).toBe(true);
    table.remove(0, 0);
    expect(table.add(1, 1)).toBe(true);
    expect(table.size).toBe(table.capacity);
  });

  test('a count never saturates: a fingerprint added 70,000 times leaves with its last removal', () => {
    const table = new FingerprintTable(4);
    for (let i = 0; i < 70_000; i++) table.add(5, 5);
    for (let i = 0; i < 69_999; i++) table.remove(5, 5);
    expect(table.has(5, 5)).toBe(true);
    table.remove(5, 5);
    expect(table.has(5, 5)).toBe(false);
    expect(table.size).toBe(0);
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
