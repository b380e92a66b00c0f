import { type BaggageEntry, propagation } from '@opentelemetry/api';
import { expect, test, vi } from 'vitest';
import { PlannedBaggage } from '../../src/propagator/planned-baggage.js';

const entry = (value: string): BaggageEntry => ({ value });
const own: [string, BaggageEntry][] = [['user.roles', entry('admin')]];
const kept: [string, BaggageEntry][] = [
  ['color', entry('blue')],
  ['user.roles', entry('upstream')],
];

test('reads like the baggage it stands for: own entries first, an own key wins over a kept one', () => {
  const planned = new PlannedBaggage(own, kept);
  expect(planned.getAllEntries()).toEqual([
    ['user.roles', entry('admin')],
    ['color', entry('blue')],
  ]);
  expect(planned.getEntry('user.roles')?.value).toBe('admin');
  expect(planned.getEntry('missing')).toBeUndefined();
});

test('builds the real baggage once, on first read, not when created', () => {
  const create = vi.spyOn(propagation, 'createBaggage');
  try {
    const planned = new PlannedBaggage(own, kept);
    expect(create).not.toHaveBeenCalled();
    planned.getEntry('color');
    planned.getAllEntries();
    expect(create).toHaveBeenCalledTimes(1);
  } finally {
    create.mockRestore();
  }
});

test('changes return new baggage and leave the planned one as it was', () => {
  const planned = new PlannedBaggage(own, kept);
  expect(planned.setEntry('tenant.id', entry('acme')).getEntry('tenant.id')?.value).toBe('acme');
  expect(planned.removeEntry('color').getEntry('color')).toBeUndefined();
  expect(planned.removeEntries('color', 'user.roles').getAllEntries()).toEqual([]);
  expect(planned.clear().getAllEntries()).toEqual([]);
  expect(planned.getAllEntries()).toHaveLength(2);
});

test('keeps kept entries whose keys name built-in object properties (constructor, toString, __proto__)', () => {
  const names = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', '__defineGetter__'];
  const planned = new PlannedBaggage(own, [
    ...names.map((name): [string, BaggageEntry] => [name, entry(name)]),
  ]);
  expect(planned.getAllEntries()).toEqual([
    ['user.roles', entry('admin')],
    ...names.map((name) => [name, entry(name)]),
  ]);
  for (const name of names) expect(planned.getEntry(name)?.value).toBe(name);
});
