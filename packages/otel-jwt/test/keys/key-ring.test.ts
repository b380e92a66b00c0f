import {
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { type AlgorithmSpec, algorithmSpec, type JwsAlgorithm } from '../../src/keys/algorithms.js';
import type { BoundKey } from '../../src/keys/bound-key.js';
import { KeyRing } from '../../src/keys/key-ring.js';

function specOf(alg: JwsAlgorithm): AlgorithmSpec {
  const spec = algorithmSpec(alg);
  if (spec === undefined) throw new Error(`unsupported ${alg}`);
  return spec;
}
const ecKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
const bound = (alg: JwsAlgorithm, key: KeyObject, kid?: string): BoundKey => ({
  kid,
  spec: specOf(alg),
  key,
});

let rsa: KeyObject;
beforeAll(() => {
  rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
});

function ringWith(...keys: BoundKey[]): KeyRing {
  const ring = new KeyRing();
  ring.replace(keys);
  return ring;
}

describe('lookup by kid', () => {
  test('finds the key whose kid the token names', () => {
    const one = bound('ES256', ecKey(), 'one');
    const two = bound('ES256', ecKey(), 'two');
    expect(ringWith(one, two).lookup('two', 'ES256', 0)).toEqual({ found: true, key: two });
  });

  test('picks by the token alg when one kid is bound under several algorithms', () => {
    const rs = bound('RS256', rsa, 'k');
    const ps = bound('PS256', rsa, 'k');
    const ring = ringWith(rs, ps);
    expect(ring.lookup('k', 'PS256', 0)).toEqual({ found: true, key: ps });
    expect(ring.lookup('k', 'RS256', 0)).toEqual({ found: true, key: rs });
  });

  test('returns the kid match bound to another algorithm, for the binding check to reject', () => {
    const es = bound('ES256', ecKey(), 'k');
    const lookup = ringWith(es).lookup('k', 'RS256', 0);
    expect(lookup).toEqual({ found: true, key: es });
  });

  test('reports unknown_key for a kid no key carries when every key has a kid', () => {
    expect(ringWith(bound('ES256', ecKey(), 'one')).lookup('other', 'ES256', 0)).toEqual({
      found: false,
      code: 'unknown_key',
    });
  });

  test('lets a token with any kid use the single configured key without kid (anyKid), as jose does with one key', () => {
    const single: BoundKey = { ...bound('ES256', ecKey()), anyKid: true };
    expect(ringWith(single).lookup('anything', 'ES256', 0)).toEqual({ found: true, key: single });
  });

  test('reports unknown_key for a token kid when the only kid-less key comes from a key set, as a JWKS does', () => {
    const fromSet = bound('ES256', ecKey());
    expect(ringWith(fromSet).lookup('anything', 'ES256', 0)).toEqual({ found: false, code: 'unknown_key' });
  });

  test('prefers the key named by kid over a single configured key without kid', () => {
    const named = bound('ES256', ecKey(), 'k');
    const single: BoundKey = { ...bound('ES256', ecKey()), anyKid: true };
    expect(ringWith(single, named).lookup('k', 'ES256', 0)).toEqual({ found: true, key: named });
  });
});

describe('tokens without kid', () => {
  test('use the one kid-less key of their algorithm', () => {
    const es = bound('ES256', ecKey());
    const rs = bound('RS256', rsa);
    expect(ringWith(es, rs).lookup(undefined, 'RS256', 0)).toEqual({ found: true, key: rs });
  });

  test('use the one key of their algorithm even when it has a kid', () => {
    const es = bound('ES256', ecKey(), 'e');
    const rs = bound('RS256', rsa, 'r');
    expect(ringWith(es, rs).lookup(undefined, 'ES256', 0)).toEqual({ found: true, key: es });
  });

  test('get kid_required when several kid-less keys serve their algorithm', () => {
    const ring = ringWith(bound('ES256', ecKey()), bound('ES256', ecKey()));
    expect(ring.lookup(undefined, 'ES256', 0)).toEqual({ found: false, code: 'kid_required' });
  });

  test('get kid_required when several keys with kids serve their algorithm', () => {
    const ring = ringWith(bound('ES256', ecKey(), 'a'), bound('ES256', ecKey(), 'b'));
    expect(ring.lookup(undefined, 'ES256', 0)).toEqual({ found: false, code: 'kid_required' });
  });

  test('get unknown_key when no key serves their algorithm', () => {
    const ring = ringWith(bound('ES256', ecKey()), bound('RS256', rsa, 'r'));
    expect(ring.lookup(undefined, 'PS256', 0)).toEqual({ found: false, code: 'unknown_key' });
  });
});

describe('availability', () => {
  test('reports keys_unavailable before the first load', () => {
    expect(new KeyRing().lookup('k', 'ES256', 0)).toEqual({ found: false, code: 'keys_unavailable' });
    expect(new KeyRing().lookup(undefined, 'ES256', 0)).toEqual({ found: false, code: 'keys_unavailable' });
  });

  test('serves keys strictly before usableUntilMs and reports keys_unavailable from then on', () => {
    const ring = new KeyRing();
    const key = bound('ES256', ecKey(), 'k');
    ring.replace([key], 10_000);
    expect(ring.lookup('k', 'ES256', 9_999)).toEqual({ found: true, key });
    expect(ring.lookup('k', 'ES256', 10_000)).toEqual({ found: false, code: 'keys_unavailable' });
    expect(ring.lookup('k', 'ES256', 20_000)).toEqual({ found: false, code: 'keys_unavailable' });
  });

  test('reports keys_unavailable after clear() and bumps the generation', () => {
    const ring = ringWith(bound('ES256', ecKey(), 'k'));
    const before = ring.generation;
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.lookup('k', 'ES256', 0)).toEqual({ found: false, code: 'keys_unavailable' });
    expect(ring.generation).toBeGreaterThan(before);
  });
});

describe('generation', () => {
  test('stays the same when replace() gets the same keys, even re-imported', () => {
    const es = ecKey();
    const ring = ringWith(bound('ES256', es, 'e'), bound('RS256', rsa, 'r'));
    const before = ring.generation;
    const reimported = createPublicKey({ key: es.export({ format: 'jwk' }), format: 'jwk' });
    ring.replace([bound('RS256', rsa, 'r'), bound('ES256', reimported, 'e')]);
    expect(ring.generation).toBe(before);
  });

  test('changes when a key is only added, since a cached kid-less token may now be ambiguous', () => {
    const es = bound('ES256', ecKey(), 'e');
    const ring = ringWith(es);
    const before = ring.generation;
    ring.replace([es, bound('RS256', rsa, 'r')]);
    expect(ring.generation).not.toBe(before);
  });

  test.each([
    ['a key is dropped', (_: BoundKey, other: BoundKey) => [other]],
    [
      'the material under a kid changes',
      (_: BoundKey, other: BoundKey) => [bound('ES256', ecKey(), 'e'), other],
    ],
    ['a key is renamed', (es: BoundKey, other: BoundKey) => [{ ...es, kid: 'renamed' }, other]],
    ['a key loses its kid', (es: BoundKey, other: BoundKey) => [{ ...es, kid: undefined }, other]],
  ])('is bumped when %s', (_, next) => {
    const es = bound('ES256', ecKey(), 'e');
    const other = bound('RS256', rsa, 'r');
    const ring = ringWith(es, other);
    const before = ring.generation;
    ring.replace(next(es, other));
    expect(ring.generation).toBeGreaterThan(before);
  });

  test('is bumped when the same material is bound to another algorithm', () => {
    const ring = ringWith(bound('RS256', rsa, 'r'));
    const before = ring.generation;
    ring.replace([bound('PS256', rsa, 'r')]);
    expect(ring.generation).toBeGreaterThan(before);
  });

  test('changes exactly when the new key set differs from the previous one', () => {
    const pool = [bound('ES256', ecKey(), 'a'), bound('ES256', ecKey(), 'b'), bound('ES256', ecKey())];
    pool.push(bound('HS256', createSecretKey(randomBytes(32)), 'h'));
    fc.assert(
      fc.property(fc.subarray(pool, { minLength: 1 }), fc.subarray(pool), (first, second) => {
        const ring = ringWith(...first);
        const before = ring.generation;
        ring.replace(second);
        const differs = first.length !== second.length || first.some((k) => !second.includes(k));
        expect(ring.generation !== before).toBe(differs);
        expect(ring.size).toBe(second.length);
      }),
    );
  });
});
