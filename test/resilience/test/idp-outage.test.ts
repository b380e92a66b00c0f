// IdP outage under load: the JWKS endpoint goes down mid-run. Timing: keys refresh every second and
// stay usable for staleIfErrorSeconds (3 s) past their refresh time, so after the outage starts they
// serve for 3 to 4 s; the phases keep half a second or more away from both ends of that window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceConfig } from '../src/config.ts';
import { startIdp, type TestIdp } from '../src/idp-server.ts';
import { type PhaseResult, runPhase } from '../src/load.ts';
import type { ServiceStats } from '../src/protocol.ts';
import { type ServiceHandle, startService } from '../src/service-process.ts';
import { mixed, tokenStream } from '../src/streams.ts';
import { sleepUntil, waitFor } from '../src/timing.ts';
import { note } from '../src/verbose.ts';

const CONNECTIONS = 8;
const STALE_SECONDS = 3;

describe('IdP outage under load', () => {
  let idp: TestIdp;
  let service: ServiceHandle;
  let traffic: () => Record<string, string>;
  let downAt = 0;

  beforeAll(async () => {
    idp = await startIdp(['k1']);
    const keyRefresh = {
      defaultRefreshSeconds: 1,
      minRefreshSeconds: 1,
      cooldownSeconds: 1,
      staleIfErrorSeconds: STALE_SECONDS,
      fetchTimeoutMilliseconds: 1_000,
    };
    service = await startService(serviceConfig(idp.jwksUri, keyRefresh));
    // Distinct tokens need the keys themselves; the repeated one may come from the verified cache.
    const distinct = await idp.mintMany('k1', 2_000);
    traffic = mixed(
      [tokenStream('repeated', [await idp.mint('k1', 0)]), 1],
      [tokenStream('distinct', distinct), 1],
    );
    await runPhase(service.url, 1, CONNECTIONS, traffic);
    await service.stats();
  }, 30_000);
  afterAll(async () => {
    await service?.stop();
    await idp?.down();
  });

  it('while the JWKS endpoint is down, requests are answered and tokens verify from the last good keys', async () => {
    await idp.down();
    downAt = Date.now();
    const during = await runPhase(service.url, 1.5, CONNECTIONS, traffic);
    const stats = await service.stats();
    expectAllAnswered(during, stats);
    expect(stats.verdicts).toEqual({
      repeated: { valid: expect.any(Number) },
      distinct: { valid: expect.any(Number) },
    });
    expect(stats.keyStatus[0]).toMatchObject({ state: 'stale', keyCount: 1, lastErrorCode: 'fetch_failed' });
    expect(stats.diagnostics.some((m) => /fetch_failed.*last good keys/.test(m))).toBe(true);
  });

  it('past the stale-if-error window, tokens are unverified / keys_unavailable and the app is still answered', async () => {
    // Latest end of the window: last refresh just before the outage + 1 s interval + the stale window.
    await sleepUntil(downAt + (1 + STALE_SECONDS) * 1000 + 500);
    const past = await runPhase(service.url, 1, CONNECTIONS, traffic);
    const stats = await service.stats();
    expectAllAnswered(past, stats);
    const unavailable = { 'unverified/keys_unavailable': expect.any(Number) };
    expect(stats.verdicts).toEqual({ repeated: unavailable, distinct: unavailable });
    expect(stats.keyStatus[0]).toMatchObject({ state: 'failed', lastErrorCode: 'fetch_failed' });
    expect(stats.diagnostics.some((m) => /no keys available.*fetch_failed/.test(m))).toBe(true);
  });

  it('once the IdP is back, keys load again in the background and tokens verify without a restart', async () => {
    await idp.up();
    // Requests that find no keys ask for a refresh (at most once per 1 s cooldown), so load brings them back.
    const recovered = await waitFor(async () => {
      await runPhase(service.url, 0.5, CONNECTIONS, traffic);
      return (await service.stats()).keyStatus[0]?.state === 'fresh';
    }, 10_000);
    expect(recovered).toBe(true);
    const after = await runPhase(service.url, 1, CONNECTIONS, traffic);
    const stats = await service.stats();
    expectAllAnswered(after, stats);
    expect(stats.verdicts).toEqual({
      repeated: { valid: expect.any(Number) },
      distinct: { valid: expect.any(Number) },
    });
  });
});

function expectAllAnswered(phase: PhaseResult, stats: ServiceStats): void {
  note('outage phase', { phase, verdicts: stats.verdicts, keyStatus: stats.keyStatus });
  expect(phase.requests).toBeGreaterThan(0);
  expect(phase.failures).toBe(0);
  expect(stats.uncaught).toBe(0);
}
