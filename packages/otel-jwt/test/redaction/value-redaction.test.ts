import { afterEach, describe, expect, test } from 'vitest';
import { resolveRedaction } from '../../src/redaction/redaction-config.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { REDACTED } from '../../src/redaction/text-redaction.js';
import {
  type RedactedEntry,
  type RedactionTally,
  redactEntry,
  redactMembers,
  redactValue,
} from '../../src/redaction/value-redaction.js';
import { mint } from '../support/telemetry-fixtures.js';

afterEach(() => seenTokens.clear());
const rules = resolveRedaction(undefined, 'redaction');
const tally = (): RedactionTally => ({ count: 0 });

describe('values', () => {
  test('a clean value comes back as the same reference and counts nothing', () => {
    const value = { orders: [1, 2, 3], note: 'fine', nested: { deep: ['a', 'b'] } };
    const counted = tally();
    expect(redactValue(value, rules, counted)).toBe(value);
    expect(counted.count).toBe(0);
  });

  test('replaces a token inside arrays and nested maps without changing the original', () => {
    const token = mint();
    const value = { list: ['ok', `bearer ${token}`], map: { inner: { text: token } } };
    const counted = tally();
    const out = redactValue(value, rules, counted) as typeof value;
    expect(out).toEqual({ list: ['ok', `bearer ${REDACTED}`], map: { inner: { text: REDACTED } } });
    expect(value.map.inner.text).toBe(token);
    expect(counted.count).toBe(2);
  });

  test('replaces a token inside bytes', () => {
    const token = mint();
    const bytes = new TextEncoder().encode(`raw ${token} raw`);
    const out = redactValue(bytes, rules, tally()) as Uint8Array;
    expect(new TextDecoder().decode(out)).toBe(`raw ${REDACTED} raw`);
  });

  test('a structure nested deeper than eight levels is replaced whole', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 12; i++) deep = { next: deep };
    const out = JSON.stringify(redactValue(deep, rules, tally()));
    expect(out).toContain(REDACTED);
    expect(out).not.toContain('leaf');
  });

  test('numbers, booleans, null and undefined pass through', () => {
    for (const value of [0, 1.5, true, false, null, undefined])
      expect(redactValue(value, rules, tally())).toBe(value);
  });
});

describe('members (attributes and maps)', () => {
  test('the value of a credential key is replaced whole, whatever it holds', () => {
    const out = redactMembers(
      {
        'http.request.header.authorization': ['Basic dXNlcjpwYXNz'],
        'http.request.header.cookie': 'session=abc',
        'app.api_key': 12345,
        'http.request.method': 'GET',
      },
      rules,
      tally(),
    );
    expect(out).toEqual({
      'http.request.header.authorization': [REDACTED],
      'http.request.header.cookie': REDACTED,
      'app.api_key': REDACTED,
      'http.request.method': 'GET',
    });
  });

  test('a credential key already holding REDACTED is left as it is', () => {
    expect(redactMembers({ authorization: REDACTED, cookie: [REDACTED] }, rules, tally())).toBeUndefined();
  });

  test('a key holding token material is renamed, its value kept redacted', () => {
    const token = mint();
    const counted = tally();
    const out = redactMembers({ [token]: 'value', [`${token}x`]: 'other', a: 1 }, rules, counted);
    expect(Object.keys(out ?? {}).sort()).toEqual([REDACTED, `${REDACTED}_2`, 'a'].sort());
    expect(JSON.stringify(out)).not.toContain(token.slice(0, 16));
    expect(counted.count).toBe(2);
  });

  test('renamed keys skip names the members already use and never overwrite one', () => {
    const token = mint();
    const members: Record<string, unknown> = { [`${REDACTED}_3`]: 'kept', [REDACTED]: 'also kept' };
    for (let i = 0; i < 5; i++) members[`${token}${i}`] = i;
    const out = redactMembers(members, rules, tally()) ?? {};
    expect(out[`${REDACTED}_3`]).toBe('kept');
    expect(out[REDACTED]).toBe('also kept');
    const renamed = [2, 4, 5, 6, 7].map((n) => out[`${REDACTED}_${n}`]);
    expect(renamed).toEqual([0, 1, 2, 3, 4]);
    expect(Object.keys(out)).toHaveLength(7);
  });

  test('each number is tried once when thousands of keys are renamed to the same name', () => {
    const token = mint();
    const members: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) members[`${token}${i}`] = i;
    const checked = new Set<string>();
    const hasOwn = Object.hasOwn;
    let tries = 0;
    Object.hasOwn = (target: object, key: PropertyKey) => {
      tries++;
      checked.add(String(key));
      return hasOwn(target, key);
    };
    try {
      const out = redactMembers(members, rules, tally()) ?? {};
      expect(Object.keys(out)).toHaveLength(3000);
    } finally {
      Object.hasOwn = hasOwn;
    }
    // One look per key, plus one per name tried: linear, where trying from _2 each time made 4.5 million.
    expect(tries).toBeLessThan(4 * 3000);
    expect(checked.size).toBeLessThanOrEqual(3001);
  });

  test('a key longer than 256 characters is judged each time and never kept in the key cache', () => {
    const own = resolveRedaction(undefined, 'redaction');
    const long = `k${'x'.repeat(300)}`;
    expect(redactMembers({ [long]: 'v', short: 'v' }, own, tally())).toBeUndefined();
    expect(own.keyCache.get(long)).toBeUndefined();
    expect(own.keyCache.get('short')).toBeDefined();
  });

  test('a key found clean is renamed once a token it holds a piece of is remembered', () => {
    const own = resolveRedaction(undefined, 'redaction');
    const opaque = 'opaque-secret-0123456789-abcdefghij';
    const key = `tenant.${opaque}`;
    expect(redactMembers({ [key]: 'v' }, own, tally())).toBeUndefined();
    seenTokens.remember(opaque, 'vouched');
    expect(redactMembers({ [key]: 'v' }, own, tally())).toEqual({ [REDACTED]: 'v' });
  });

  test('credential keys inside a nested map are found too', () => {
    const out = redactMembers(
      { request: { headers: { Authorization: 'Bearer opaque-abc' } } },
      rules,
      tally(),
    );
    expect(out).toEqual({ request: { headers: { Authorization: REDACTED } } });
  });

  test('clean members give undefined, so nothing is copied', () => {
    expect(redactMembers({ a: 'x', b: 2, c: ['y'] }, rules, tally())).toBeUndefined();
  });
});

describe('values remembered as clean under their key', () => {
  const entry = (key: string, value: unknown, count = tally()): RedactedEntry => {
    const into: RedactedEntry = { key: '', value: undefined };
    redactEntry(key, value, rules, count, into);
    return into;
  };

  test('an array changed in place after it was found clean is checked again', () => {
    const items = ['sku-1', 'sku-2'];
    expect(entry('app.memo_items', items).value).toBe(items);
    items[1] = `Bearer ${mint({ sub: 'changed-in-place' })}`;
    const count = tally();
    expect(entry('app.memo_items', items, count).value).toEqual(['sku-1', `Bearer ${REDACTED}`]);
    expect(count.count).toBe(1);
  });

  test('an array found clean is checked again once a token is remembered', () => {
    const token = mint({ sub: 'remembered-later' });
    const signature = token.split('.')[2] as string;
    const items = ['a', signature];
    expect(entry('app.memo_later', items).value).toBe(items);
    seenTokens.remember(token, 'vouched');
    expect(entry('app.memo_later', items).value).toEqual(['a', REDACTED]);
  });

  test('an array holding objects is never remembered, so a token put into one is found', () => {
    const nested = [{ note: 'clean' }];
    expect(entry('app.memo_nested', nested).value).toBe(nested);
    (nested[0] as { note: string }).note = mint({ sub: 'nested-later' });
    expect(entry('app.memo_nested', nested).value).toEqual([{ note: REDACTED }]);
  });
});
