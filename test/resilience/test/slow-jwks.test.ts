// Slow JWKS endpoint: the key set is refreshed every second, and an unknown kid in the traffic asks for
// more; then the endpoint starts answering after 2 s, so a refresh is under way through most of the
// slow phase. Request latency is compared with the fast phase of the same run: without the admission
// step no request waits; with it, only a request whose key is not loaded waits, at most
// maxKeyWaitMilliseconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceConfig } from '../src/config.ts';
import { startIdp, type TestIdp } from '../src/idp-server.ts';
import { type PhaseResult, runPhase } from '../src/load.ts';
import { type ServiceHandle, startService } from '../src/service-process.ts';
import { mixed, tokenStream } from '../src/streams.ts';
import { note } from '../src/verbose.ts';

const CONNECTIONS = 8;
const DELAY_MS = 2_000;

describe('slow JWKS endpoint, without the admission step', () => {
  let idp: TestIdp;
  let service: ServiceHandle;
  let traffic: () => Record<string, string>;
  let fast: PhaseResult;
  let slow: PhaseResult;
  let slowFetches = 0;

  beforeAll(async () => {
    idp = await startIdp(['k1']);
    await idp.createKey('unpublished');
    idp.cacheControl = 'max-age=1';
    const keyRefresh = { minRefreshSeconds: 1, cooldownSeconds: 1, fetchTimeoutMilliseconds: 5_000 };
    service = await startService({ ...serviceConfig(idp.jwksUri, keyRefresh), admission: 'off' });
    traffic = mixed(
      [tokenStream('repeated', [await idp.mint('k1', 0)]), 2],
      [tokenStream('distinct', await idp.mintMany('k1', 1_500, 1)), 1],
      [tokenStream('unknown-kid', await idp.mintMany('unpublished', 200)), 1],
    );
    await runPhase(service.url, 1, CONNECTIONS, traffic);
    fast = await runPhase(service.url, 3, CONNECTIONS, traffic);
    await service.stats();
  }, 30_000);
  afterAll(async () => {
    await service?.stop();
    await idp?.down();
  });

  it('while the JWKS endpoint takes 2 s to answer, every request is answered and keys keep serving', async () => {
    idp.delayMs = DELAY_MS;
    const hitsBefore = idp.hits;
    slow = await runPhase(service.url, 3, CONNECTIONS, traffic);
    slowFetches = idp.hits - hitsBefore;
    const stats = await service.stats();
    note('slow jwks', { fast, slow, slowFetches, verdicts: stats.verdicts });
    expect(slow.failures).toBe(0);
    expect(stats.uncaught).toBe(0);
    expect(stats.verdicts).toEqual({
      repeated: { valid: expect.any(Number) },
      distinct: { valid: expect.any(Number) },
      'unknown-kid': { 'unverified/unknown_key': expect.any(Number) },
    });
    // The phase did overlap slow refreshes: the endpoint was asked while it was slow.
    expect(slowFetches).toBeGreaterThanOrEqual(1);
    expect(stats.keyStatus[0]).toMatchObject({ state: 'fresh', keyCount: 1 });
  });

  it("request latency does not grow with the endpoint's delay", () => {
    // Generous margins for a noisy 2-core machine; one request held by a 2 s refresh breaks the second.
    expect(slow.p99, `p99 ${slow.p99} ms vs fast ${fast.p99} ms`).toBeLessThan(4 * fast.p99 + 100);
    expect(slow.max, `max ${slow.max} ms vs fast ${fast.max} ms`).toBeLessThan(fast.max + DELAY_MS / 2);
  });

  it('a slow refresh is not started again by each request with an unknown kid', () => {
    // 3 s at most one fetch in flight, each taking 2 s, at least 1 s apart: no more than two or three.
    expect(slowFetches).toBeLessThanOrEqual(3);
  });
});

describe('slow JWKS endpoint, with the admission step', () => {
  const MAX_KEY_WAIT_MS = 300;
  let idp: TestIdp;
  let service: ServiceHandle;
  let known: () => Record<string, string>;
  let unknown: () => Record<string, string>;

  beforeAll(async () => {
    idp = await startIdp(['k1']);
    await idp.createKey('unpublished');
    idp.cacheControl = 'max-age=1';
    const keyRefresh = { minRefreshSeconds: 1, cooldownSeconds: 1, fetchTimeoutMilliseconds: 5_000 };
    service = await startService({
      ...serviceConfig(idp.jwksUri, keyRefresh),
      admission: { maxKeyWaitMilliseconds: MAX_KEY_WAIT_MS },
    });
    known = mixed(
      [tokenStream('repeated', [await idp.mint('k1', 0)]), 2],
      [tokenStream('distinct', await idp.mintMany('k1', 1_500, 1)), 1],
    );
    unknown = tokenStream('unknown-kid', await idp.mintMany('unpublished', 200));
  }, 30_000);
  afterAll(async () => {
    await service?.stop();
    await idp?.down();
  });

  /** Known-key and unknown-kid traffic side by side, each on its own connections, measured apart. */
  const phase = (seconds: number) =>
    Promise.all([
      runPhase(service.url, seconds, CONNECTIONS / 2, known),
      runPhase(service.url, seconds, CONNECTIONS / 2, unknown),
    ]);

  it('only a request whose key is not loaded waits for the slow endpoint, and never past maxKeyWaitMilliseconds', async () => {
    await phase(1);
    const [fastKnown] = await phase(3);
    idp.delayMs = DELAY_MS;
    const [slowKnown, slowUnknown] = await phase(3);
    const stats = await service.stats();
    note('slow jwks with admission', { fastKnown, slowKnown, slowUnknown, verdicts: stats.verdicts });
    expect(slowKnown.failures + slowUnknown.failures).toBe(0);
    expect(stats.uncaught).toBe(0);
    expect(stats.verdicts['unknown-kid']).toEqual({ 'unverified/unknown_key': expect.any(Number) });
    // Held at most the bound (plus a noisy machine's margin), never the endpoint's 2 s.
    expect(slowUnknown.max, `max ${slowUnknown.max} ms`).toBeLessThan(MAX_KEY_WAIT_MS + 700);
    expect(slowUnknown.max).toBeLessThan(DELAY_MS / 2);
    // Requests with loaded keys do not wait at all: within the noise of the fast phase of this run.
    expect(slowKnown.p99, `p99 ${slowKnown.p99} ms vs fast ${fastKnown.p99} ms`).toBeLessThan(
      4 * fastKnown.p99 + 100,
    );
  });
});
