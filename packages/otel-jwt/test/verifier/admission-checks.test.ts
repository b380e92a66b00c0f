// The verifier's asynchronous admission: the signature checked on the thread pool and a key not loaded yet
// waited for, bounded; the synchronous verify afterwards gives the verdict it would have given anyway.
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { JwtVerifier } from '../../src/index.js';
import * as signature from '../../src/verifier/signature.js';
import { buildCatalogue } from '../support/attack-catalogue.js';
import { type SharedPolicy, verifierFor } from '../support/differential.js';
import { b64, signClaims } from '../support/forge.js';
import {
  AUDIENCE,
  makeKey,
  outcome,
  settle,
  signToken,
  until,
  useResources,
} from '../support/remote-fixtures.js';
import { makeForeignKey, makeTestKeys, type TestKey } from '../support/test-keys.js';

vi.mock('../../src/verifier/signature.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/verifier/signature.js')>();
  return { ...real, checkSignature: vi.fn(real.checkSignature) };
});
const synchronousChecks = vi.mocked(signature.checkSignature);

const NOW_SECONDS = 1_900_000_000;
const now = new Date(NOW_SECONDS * 1000);
const keys = makeTestKeys();
const ASYMMETRIC: TestKey['alg'][] = ['RS256', 'PS256', 'ES256', 'EdDSA'];
const policy: SharedPolicy = {
  issuer: 'https://idp.test',
  audience: ['orders'],
  algorithms: ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'],
  jwks: Object.values(keys).map((k) => k.publicJwk),
  acceptedTypes: ['JWT', 'at+jwt'],
  clockToleranceSeconds: 30,
  requiredClaims: [],
};
const claims = {
  iss: policy.issuer,
  aud: 'orders',
  sub: 'alice',
  exp: NOW_SECONDS + 300,
  iat: NOW_SECONDS - 5,
};

/** The verdict of `token` on a fresh verifier, synchronously, and on another after admission. */
async function bothWays(token: string, cacheMaxEntries?: number): Promise<[string, string]> {
  const extra = cacheMaxEntries === undefined ? {} : { cacheMaxEntries };
  const plain = verifierFor(policy, extra);
  const admitted = verifierFor(policy, extra);
  try {
    const without = plain.verify(token);
    await admitted.admit?.(token);
    const withAdmission = admitted.verify(token);
    if (without.status === 'valid' && withAdmission.status === 'valid') {
      expect(withAdmission.claims).toEqual(without.claims);
      expect(withAdmission.keyId).toBe(without.keyId);
    }
    return [outcome(without), outcome(withAdmission)];
  } finally {
    plain.close();
    admitted.close();
  }
}

describe('the admission step never changes a verdict', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
  });
  afterAll(() => vi.useRealTimers());

  const catalogue = buildCatalogue({
    keys,
    issuer: policy.issuer,
    audience: 'orders',
    nowSeconds: NOW_SECONDS,
  });
  test.each(catalogue.map((c) => [c.name, c] as const))('attack catalogue: %s', async (_name, attack) => {
    const [without, withAdmission] = await bothWays(await attack.token());
    expect(withAdmission).toBe(without);
  });

  test('property: any algorithm, claims near every time bound and any corrupted byte give one verdict both ways', async () => {
    const algs = fc.constantFrom(...policy.algorithms);
    const offset = fc.integer({ min: -400, max: 400 });
    const corruption = fc.option(fc.record({ at: fc.nat(), bit: fc.integer({ min: 0, max: 5 }) }), {
      nil: undefined,
    });
    await fc.assert(
      fc.asyncProperty(
        algs,
        offset,
        offset,
        fc.boolean(),
        corruption,
        fc.boolean(),
        async (alg, exp, nbf, foreign, cut, noCache) => {
          const key = foreign ? makeForeignKeyCached(alg as TestKey['alg']) : keys[alg as TestKey['alg']];
          let token = signClaims(key, { ...claims, exp: NOW_SECONDS + exp, nbf: NOW_SECONDS + nbf });
          if (cut !== undefined) token = flip(token, cut.at, cut.bit);
          const [without, withAdmission] = await bothWays(token, noCache ? 0 : undefined);
          expect(withAdmission).toBe(without);
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** The key ring of the test issuer, as a key refresh replaces it. */
function ringOf(verifier: JwtVerifier): { replace(keys: readonly never[]): void } {
  const issuers = (
    verifier as unknown as { issuers: Map<string, { ring: { replace(keys: readonly never[]): void } }> }
  ).issuers;
  return issuers.get(policy.issuer)?.ring as { replace(keys: readonly never[]): void };
}

const foreignKeys = new Map<string, TestKey>();
function makeForeignKeyCached(alg: TestKey['alg']): TestKey {
  let key = foreignKeys.get(alg);
  if (key === undefined) {
    // The same kid as the configured key: only the signature tells them apart.
    key = makeForeignKey(alg, keys[alg].kid);
    foreignKeys.set(alg, key);
  }
  return key;
}

/** `token` with one base64url character changed (never a dot), at a position picked from `at`. */
function flip(token: string, at: number, bit: number): string {
  const positions = [...token].flatMap((c, i) => (c === '.' ? [] : [i]));
  const index = positions[at % positions.length] as number;
  const alphabet = `${b64(Buffer.from([0xfb, 0xef, 0xbe]))}ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789`;
  const current = alphabet.indexOf(token[index] as string);
  const next = alphabet[(current + 1 + bit) % alphabet.length] as string;
  return token.slice(0, index) + next + token.slice(index + 1);
}

describe('after admission the synchronous verify checks no signature', () => {
  let verifier: JwtVerifier;
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    verifier = verifierFor(policy);
  });
  afterAll(() => {
    verifier.close();
    vi.useRealTimers();
  });
  afterEach(() => synchronousChecks.mockClear());

  test.each(ASYMMETRIC)('a new %s token is valid from the cache the admission filled', async (alg) => {
    const token = signClaims(keys[alg], { ...claims, jti: `new-${alg}` });
    const wait = verifier.admit?.(token);
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    synchronousChecks.mockClear();
    expect(verifier.verify(token).status).toBe('valid');
    expect(synchronousChecks).not.toHaveBeenCalled();
  });

  test.each(ASYMMETRIC)('a forged %s signature is refused without a check on the event loop', async (alg) => {
    const token = signClaims(makeForeignKeyCached(alg), { ...claims, jti: `forged-${alg}` });
    await verifier.admit?.(token);
    synchronousChecks.mockClear();
    expect(outcome(verifier.verify(token))).toBe('invalid:invalid_signature');
    expect(synchronousChecks).not.toHaveBeenCalled();
    // The admitted verdict is taken once: the same token again is checked as without admission.
    expect(outcome(verifier.verify(token))).toBe('invalid:invalid_signature');
    expect(synchronousChecks).toHaveBeenCalledTimes(1);
  });

  test('an expired token with a good signature keeps its claim verdict, its signature not checked again', async () => {
    const token = signClaims(keys.ES256, { ...claims, exp: NOW_SECONDS - 3600 });
    await verifier.admit?.(token);
    synchronousChecks.mockClear();
    expect(outcome(verifier.verify(token))).toBe('invalid:expired');
    expect(synchronousChecks).not.toHaveBeenCalled();
  });

  test('a cached token, a malformed one and one of an unknown issuer have nothing to wait for', () => {
    const token = signClaims(keys.ES256, { ...claims, jti: 'cached' });
    expect(verifier.verify(token).status).toBe('valid');
    expect(verifier.admit?.(token)).toBeUndefined();
    expect(verifier.admit?.('not.a-token')).toBeUndefined();
    expect(
      verifier.admit?.(signClaims(keys.ES256, { ...claims, iss: 'https://elsewhere.test' })),
    ).toBeUndefined();
    expect(verifier.admit?.(42)).toBeUndefined();
  });

  test('a key set replaced while the signature was on the thread pool leaves no verdict behind', async () => {
    const own = verifierFor(policy);
    try {
      const token = signClaims(keys.RS256, { ...claims, jti: 'dropped-meanwhile' });
      const wait = own.admit?.(token);
      // The refresh lands between the lookup and the end of the check (the ring is private: reached as
      // a refresh would reach it, synchronously, before the thread pool answers).
      ringOf(own).replace([]);
      await wait;
      expect(outcome(own.verify(token))).toBe('unverified:unknown_key');
    } finally {
      own.close();
    }
  });

  test('a verifier closed while a check was under way is not refilled by it', async () => {
    const own = verifierFor(policy);
    const token = signClaims(keys.ES256, { ...claims, jti: 'closed-meanwhile' });
    const wait = own.admit?.(token);
    own.close();
    await wait;
    synchronousChecks.mockClear();
    expect(own.verify(token).status).toBe('valid');
    expect(synchronousChecks).toHaveBeenCalledTimes(1);
  });

  test('past sixteen checks on the thread pool, a new token is left to the synchronous verify', async () => {
    const tokens = Array.from({ length: 20 }, (_, i) =>
      signClaims(keys.EdDSA, { ...claims, jti: `burst-${i}` }),
    );
    const waits = tokens.map((token) => verifier.admit?.(token));
    expect(waits.filter((wait) => wait !== undefined)).toHaveLength(16);
    await Promise.all(waits);
    for (const token of tokens) expect(verifier.verify(token).status).toBe('valid');
    // Once the pool has room again, admission takes new tokens.
    expect(verifier.admit?.(signClaims(keys.EdDSA, { ...claims, jti: 'after-burst' }))).toBeInstanceOf(
      Promise,
    );
  });

  test('concurrent admissions of one token share one check', () => {
    const token = signClaims(keys.RS256, { ...claims, jti: 'shared' });
    const first = verifier.admit?.(token);
    expect(first).toBeInstanceOf(Promise);
    expect(verifier.admit?.(token)).toBe(first);
    return first;
  });
});

describe('a key not loaded yet is waited for, bounded', () => {
  const resources = useResources();
  const ISSUER = 'https://idp.test';
  const remote = (jwksUri: string) => ({
    issuers: [{ issuer: ISSUER, audience: AUDIENCE, keys: { type: 'jwks-uri' as const, jwksUri } }],
    keyRefresh: { fetchTimeoutMilliseconds: 5000, cooldownSeconds: 30 },
  });

  /**
   * A verifier of a remote key set holding `old`, loaded, with the clock moved past the moment after the
   * start-up fetch in which nothing is fetched again; then the IdP publishes `next` beside it.
   */
  async function rotating(old: string, next: string) {
    const [oldKey, newKey] = await Promise.all([makeKey(old), makeKey(next)]);
    const server = await resources.server([oldKey.jwk]);
    const verifier = resources.verifier(remote(server.jwksUri));
    await verifier.ready();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 1_100);
    return { server, verifier, oldKey, newKey };
  }

  test('a token of a key rotated in waits for the refresh it triggered, then verifies at once', async () => {
    const { server, verifier, oldKey, newKey } = await rotating('old', 'new');
    server.keys = [oldKey.jwk, newKey.jwk];
    const token = await signToken(newKey, ISSUER);
    expect(await verifier.admit?.(token)).toBe('ready');
    expect(server.count()).toBe(2);
    expect(verifier.verify(token).status).toBe('valid');
  });

  test('the wait ends after maxKeyWaitMilliseconds while the refresh is still under way', async () => {
    const { server, verifier, oldKey, newKey } = await rotating('old', 'new');
    server.keys = [oldKey.jwk, newKey.jwk];
    server.mode = 'slow';
    server.delayMs = 1_500;
    const token = await signToken(newKey, ISSUER);
    let ended: string | undefined;
    void verifier.admit?.(token, { maxKeyWaitMilliseconds: 50 })?.then((how) => {
      ended = how;
    });
    await until(() => ended !== undefined, 1_000);
    expect(ended).toBe('timeout');
    expect(outcome(verifier.verify(token))).toBe('unverified:unknown_key');
    await until(() => verifier.verify(token).status === 'valid', 4_000);
    expect(server.count()).toBe(2);
  });

  test('maxKeyWaitMilliseconds 0 never waits: an unknown key is unverified at once, its refresh started', async () => {
    const { server, verifier, oldKey, newKey } = await rotating('old', 'new');
    server.keys = [oldKey.jwk, newKey.jwk];
    const token = await signToken(newKey, ISSUER);
    expect(verifier.admit?.(token, { maxKeyWaitMilliseconds: 0 })).toBeUndefined();
    expect(outcome(verifier.verify(token))).toBe('unverified:unknown_key');
    await until(() => server.count() === 2);
  });

  test('a flood of random kids shares one refresh and then waits for nothing', async () => {
    const { server, verifier, newKey: stranger } = await rotating('k1', 'stranger');
    const ghosts = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signToken({ ...stranger, kid: `ghost-${i}` }, ISSUER)),
    );
    await Promise.all(ghosts.map((ghost) => verifier.admit?.(ghost)));
    expect(server.count()).toBe(2);
    for (const ghost of ghosts) expect(verifier.admit?.(ghost)).toBeUndefined();
    await settle();
    expect(server.count()).toBe(2);
  });
});
