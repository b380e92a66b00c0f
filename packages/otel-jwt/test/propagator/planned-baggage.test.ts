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

test('reads build no real baggage; the first change builds it once', () => {
  const create = vi.spyOn(propagation, 'createBaggage');
  try {
    const planned = new PlannedBaggage(own, kept);
    planned.getEntry('color');
    planned.getAllEntries();
    planned.getAllEntries();
    expect(create).not.toHaveBeenCalled();
    planned.setEntry('tenant.id', entry('acme'));
    planned.removeEntry('color');
    expect(create).toHaveBeenCalledTimes(1);
  } finally {
    create.mockRestore();
  }
});

test('lists the entries in the order the real baggage does, keys that are array indices first and ascending', () => {
  const keys = ['b', '10', 'a', '2', '4294967294', '4294967295', '01', '-1', '0', '1.5', 'user.roles'];
  const planned = new PlannedBaggage(own, [...keys.map((key): [string, BaggageEntry] => [key, entry(key)])]);
  const record: Record<string, BaggageEntry> = Object.create(null);
  for (const [key, value] of [...own, ...keys.map((key) => [key, entry(key)] as const)]) {
    if (!Object.hasOwn(record, key)) record[key] = value;
  }
  const real = propagation.createBaggage(record).getAllEntries();
  expect(planned.getAllEntries()).toEqual(real);
  expect(planned.getAllEntries().map(([key]) => key)).toEqual([
    '0',
    '2',
    '10',
    '4294967294',
    'user.roles',
    'b',
    'a',
    '4294967295',
    '01',
    '-1',
    '1.5',
  ]);
});

test('hands out new pairs and entry copies, so a caller changing them changes nothing for the next one', () => {
  const planned = new PlannedBaggage(own, kept);
  const first = planned.getAllEntries();
  first.pop();
  (first[0] as [string, BaggageEntry])[0] = 'changed';
  const read = planned.getEntry('color') as { value: string };
  read.value = 'red';
  expect(planned.getAllEntries()).toEqual([
    ['user.roles', entry('admin')],
    ['color', entry('blue')],
  ]);
  expect(planned.getEntry('color')?.value).toBe('blue');
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
