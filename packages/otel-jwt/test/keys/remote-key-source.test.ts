import { describe, expect, test, vi } from 'vitest';
import type { JwtVerifierConfig, KeyRefreshConfig } from '../../src/index.js';
import {
  AUDIENCE,
  makeKey,
  outcome,
  settle,
  signToken,
  until,
  useResources,
} from '../support/remote-fixtures.js';

const ISSUER = 'https://idp.test';
const T0 = Date.UTC(2030, 0, 1);
const resources = useResources();

function config(jwksUri: string, keyRefresh: KeyRefreshConfig = {}): JwtVerifierConfig {
  return {
    issuers: [{ issuer: ISSUER, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri } }],
    keyRefresh: { fetchTimeoutMilliseconds: 1000, ...keyRefresh },
  };
}

describe('prefetch at start', () => {
  test('a token signed by the served key is valid once ready() resolves', async () => {
    const key = await makeKey('k1');
    const server = await resources.server([key.jwk]);
    const token = await signToken(key, ISSUER);
    const verifier = resources.verifier(config(server.jwksUri));
    await verifier.ready();
    expect(verifier.verify(token).status).toBe('valid');
    expect(server.count()).toBe(1);
    expect(verifier.keyStatus()).toMatchObject([
      { issuer: ISSUER, source: 'jwks-uri', state: 'fresh', keyCount: 1, lastErrorCode: undefined },
    ]);
  });

  test('before the first key set arrives a token is unverified with keys_unavailable', async () => {
    const key = await makeKey('k1');
    const server = await resources.server([key.jwk]);
    const token = await signToken(key, ISSUER);
    const verifier = resources.verifier(config(server.jwksUri));
    expect(outcome(verifier.verify(token))).toBe('unverified:keys_unavailable');
    expect(verifier.keyStatus()[0]?.state).toBe('loading');
    await verifier.ready();
    expect(verifier.verify(token).status).toBe('valid');
    expect(server.count()).toBe(1);
  });
});

describe('rotation', () => {
  test('a new kid is unknown_key at once, triggers one background refresh, then verifies', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const [oldKey, newKey] = await Promise.all([makeKey('old'), makeKey('new')]);
    const server = await resources.server([oldKey.jwk]);
    const oldToken = await signToken(oldKey, ISSUER);
    const newTokens = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signToken(newKey, ISSUER, { sub: `user-${i}` })),
    );
    const verifier = resources.verifier(config(server.jwksUri, { cooldownSeconds: 30 }));
    await verifier.ready();
    expect(verifier.verify(oldToken).status).toBe('valid');

    server.keys = [newKey.jwk];
    vi.setSystemTime(T0 + 31_000);
    for (const token of [...newTokens, ...newTokens]) {
      const result = verifier.verify(token);
      expect(result).not.toBeInstanceOf(Promise);
      expect(outcome(result)).toBe('unverified:unknown_key');
    }
    await until(() => verifier.keyStatus()[0]?.lastRefreshAtMilliseconds === T0 + 31_000);
    await settle();
    expect(server.count()).toBe(2);
    for (const token of newTokens) expect(verifier.verify(token).status).toBe('valid');
  });

  test('tokens of a removed key stop verifying and their cached valid verdicts are not served', async () => {
    const [oldKey, newKey] = await Promise.all([makeKey('old'), makeKey('new')]);
    const server = await resources.server([oldKey.jwk]);
    const oldToken = await signToken(oldKey, ISSUER);
    const verifier = resources.verifier(config(server.jwksUri));
    await verifier.ready();
    const first = verifier.verify(oldToken);
    expect(first.status).toBe('valid');
    expect(verifier.verify(oldToken)).toBe(first); // served from the verified cache

    server.keys = [newKey.jwk];
    await verifier.refreshKeys();
    expect(outcome(verifier.verify(oldToken))).toBe('unverified:unknown_key');
  });
});

describe('unknown kid rate limit', () => {
  async function startWithStrangers(count: number) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const [key, stranger] = await Promise.all([makeKey('k1'), makeKey('stranger')]);
    const server = await resources.server([key.jwk]);
    const unknown = await Promise.all(
      Array.from({ length: count }, (_, i) => signToken({ ...stranger, kid: `ghost-${i}` }, ISSUER)),
    );
    const verifier = resources.verifier(config(server.jwksUri, { cooldownSeconds: 30 }));
    await verifier.ready();
    return { server, unknown, verifier };
  }

  test('many unknown kids within the cooldown cause exactly one request to the endpoint', async () => {
    const { server, unknown, verifier } = await startWithStrangers(50);
    vi.setSystemTime(T0 + 5_000);
    for (const token of unknown) expect(outcome(verifier.verify(token))).toBe('unverified:unknown_key');
    await until(() => verifier.keyStatus()[0]?.lastRefreshAtMilliseconds === T0 + 5_000);
    await settle();
    vi.setSystemTime(T0 + 34_999);
    for (const token of unknown) expect(outcome(verifier.verify(token))).toBe('unverified:unknown_key');
    await settle();
    expect(server.count()).toBe(2);
    vi.setSystemTime(T0 + 35_000);
    for (const token of unknown) expect(outcome(verifier.verify(token))).toBe('unverified:unknown_key');
    await until(() => server.count() === 3);
    await settle();
    expect(server.count()).toBe(3);
  });

  test('a kid rotated in seconds after start-up is fetched at once: the start-up fetch starts no cooldown', async () => {
    const { server, verifier } = await startWithStrangers(0);
    const rotated = await makeKey('k2');
    server.keys = [server.keys[0] as (typeof server.keys)[number], rotated.jwk];
    const token = await signToken(rotated, ISSUER);
    vi.setSystemTime(T0 + 5_000);
    expect(outcome(verifier.verify(token))).toBe('unverified:unknown_key');
    await until(() => verifier.keyStatus()[0]?.lastRefreshAtMilliseconds === T0 + 5_000);
    expect(server.count()).toBe(2);
    expect(verifier.verify(token).status).toBe('valid');
  });

  test('no unknown kid refetches within a second of a refresh that just finished, scheduled or not', async () => {
    const { server, unknown, verifier } = await startWithStrangers(3);
    vi.setSystemTime(T0 + 999);
    for (const token of unknown) verifier.verify(token);
    await settle();
    expect(server.count()).toBe(1);
  });
});

test('with cooldownSeconds 0 a stream of unknown kids still fetches at most once a second', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  const [key, stranger] = await Promise.all([makeKey('k1'), makeKey('stranger')]);
  const server = await resources.server([key.jwk]);
  const ghost = await signToken(stranger, ISSUER);
  const verifier = resources.verifier(config(server.jwksUri, { cooldownSeconds: 0 }));
  await verifier.ready();
  vi.setSystemTime(T0 + 999);
  for (let i = 0; i < 200; i++) verifier.verify(ghost);
  await settle();
  expect(server.count()).toBe(1);
  vi.setSystemTime(T0 + 1000);
  for (let i = 0; i < 200; i++) verifier.verify(ghost);
  await until(() => server.count() === 2);
  await settle();
  expect(server.count()).toBe(2);
});

describe('endpoint down', () => {
  const refresh = { defaultRefreshSeconds: 60, minRefreshSeconds: 1, staleIfErrorSeconds: 120 };

  /** Keys load at T0, a token is verified (and cached), then the endpoint goes away at T0 + 10 s. */
  async function outageAfterFirstLoad() {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const key = await makeKey('k1');
    const server = await resources.server([key.jwk]);
    const [seen, unseen] = await Promise.all([signToken(key, ISSUER), signToken(key, ISSUER, { n: 2 })]);
    const verifier = resources.verifier(config(server.jwksUri, refresh));
    await verifier.ready();
    expect(verifier.verify(seen).status).toBe('valid');
    await server.stop();
    vi.setSystemTime(T0 + 10_000);
    await verifier.refreshKeys();
    return { verifier, seen, unseen };
  }

  test('the last good keys keep serving while refreshes fail, state stale with fetch_failed', async () => {
    const { verifier, seen, unseen } = await outageAfterFirstLoad();
    expect(verifier.keyStatus()).toMatchObject([
      { state: 'stale', keyCount: 1, lastErrorCode: 'fetch_failed', lastRefreshAtMilliseconds: T0 },
    ]);
    expect(verifier.verify(seen).status).toBe('valid');
    expect(verifier.verify(unseen).status).toBe('valid');
  });

  test('a destroyed connection counts as fetch_failed and the keys keep serving', async () => {
    const key = await makeKey('k1');
    const server = await resources.server([key.jwk]);
    const token = await signToken(key, ISSUER);
    const verifier = resources.verifier(config(server.jwksUri, refresh));
    await verifier.ready();
    server.mode = 'reset';
    await verifier.refreshKeys();
    expect(server.count()).toBe(2);
    expect(verifier.keyStatus()[0]).toMatchObject({ state: 'stale', lastErrorCode: 'fetch_failed' });
    expect(verifier.verify(token).status).toBe('valid');
  });

  test('past the stale-if-error window tokens are keys_unavailable and the state is failed', async () => {
    const { verifier, seen, unseen } = await outageAfterFirstLoad();

    // Keys loaded at T0 were due again at T0 + 60 s; they serve stale for 120 s more.
    vi.setSystemTime(T0 + 179_999);
    expect(verifier.keyStatus()[0]?.state).toBe('stale');
    vi.setSystemTime(T0 + 180_000);
    expect(outcome(verifier.verify(unseen))).toBe('unverified:keys_unavailable');
    expect(verifier.keyStatus()).toMatchObject([{ state: 'failed', lastErrorCode: 'fetch_failed' }]);
    // The refresh that keys_unavailable asked for fails too; the cached verdict must go with the keys.
    await verifier.refreshKeys();
    expect(outcome(verifier.verify(seen))).toBe('unverified:keys_unavailable');
    expect(verifier.keyStatus()).toMatchObject([{ state: 'failed', keyCount: 0 }]);
  });
});

describe('slow endpoint', () => {
  test('verify() answers synchronously at once while a refresh is pending', async () => {
    const key = await makeKey('k1');
    const server = await resources.server([key.jwk]);
    const [seen, unseen] = await Promise.all([signToken(key, ISSUER), signToken(key, ISSUER, { n: 2 })]);
    const verifier = resources.verifier(config(server.jwksUri, { fetchTimeoutMilliseconds: 300 }));
    await verifier.ready();
    expect(verifier.verify(seen).status).toBe('valid');

    server.mode = 'slow';
    server.delayMs = 2000;
    let settled = false;
    const pending = verifier.refreshKeys().then(() => {
      settled = true;
    });
    await until(() => server.count() === 2);
    const results = [verifier.verify(seen), verifier.verify(unseen)];
    // Both answers came while the refresh was still waiting on the endpoint.
    expect(settled).toBe(false);
    for (const result of results) {
      expect(result).not.toBeInstanceOf(Promise);
      expect(result.status).toBe('valid');
    }
    await pending;
    expect(verifier.keyStatus()[0]).toMatchObject({ state: 'stale', lastErrorCode: 'fetch_timeout' });
  });

  test('a first fetch slower than fetchTimeoutMilliseconds ends as fetch_timeout', async () => {
    const key = await makeKey('k1');
    const server = await resources.server([key.jwk]);
    server.mode = 'slow';
    server.delayMs = 10_000;
    const token = await signToken(key, ISSUER);
    const started = performance.now();
    const verifier = resources.verifier(config(server.jwksUri, { fetchTimeoutMilliseconds: 200 }));
    const result = verifier.verify(token);
    expect(result).not.toBeInstanceOf(Promise);
    expect(outcome(result)).toBe('unverified:keys_unavailable');
    await verifier.ready();
    // Ended by the 200 ms timeout, not by the answer 10 s later (a wide margin for a loaded machine).
    expect(performance.now() - started).toBeLessThan(5000);
    expect(verifier.keyStatus()[0]).toMatchObject({ state: 'failed', lastErrorCode: 'fetch_timeout' });
    expect(outcome(verifier.verify(token))).toBe('unverified:keys_unavailable');
  });
});
