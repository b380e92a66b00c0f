// Key rotation under load, without the admission step (the synchronous path alone): the IdP publishes a
// second key and starts signing with it. The JWKS answer is slowed to 1.5 s, so the one background refresh
// is in flight while requests keep arriving: they must not wait for it, and tokens of the new key verify
// once it is done. (With the admission step, see chain-rotation.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceConfig } from '../src/config.ts';
import { startIdp, type TestIdp } from '../src/idp-server.ts';
import { type PhaseResult, runPhase } from '../src/load.ts';
import { type ServiceHandle, startService } from '../src/service-process.ts';
import { mixed, tokenStream } from '../src/streams.ts';
import { note } from '../src/verbose.ts';

const CONNECTIONS = 8;
const REFRESH_DELAY_MS = 1_500;

describe('key rotation under load', () => {
  let idp: TestIdp;
  let service: ServiceHandle;
  let oldKey: () => Record<string, string>;
  let both: () => Record<string, string>;
  let baseline: PhaseResult;
  let rotation: PhaseResult;
  let hitsBeforeRotation = 0;

  beforeAll(async () => {
    idp = await startIdp(['k1']);
    await idp.createKey('k2');
    // No scheduled refresh within the test (600 s); an unknown kid may ask for one after 1 s.
    const keyRefresh = { defaultRefreshSeconds: 600, cooldownSeconds: 1 };
    service = await startService({ ...serviceConfig(idp.jwksUri, keyRefresh), admission: 'off' });
    const k1 = tokenStream('k1', [await idp.mint('k1', 0), ...(await idp.mintMany('k1', 1_000, 1))]);
    const k2Repeated = tokenStream('k2-repeated', [await idp.mint('k2', 0)]);
    const k2Distinct = tokenStream('k2-distinct', await idp.mintMany('k2', 1_500, 1));
    oldKey = k1;
    both = mixed([k1, 2], [k2Repeated, 1], [k2Distinct, 1]);
    await runPhase(service.url, 1, CONNECTIONS, oldKey);
    baseline = await runPhase(service.url, 2, CONNECTIONS, oldKey);
    const stats = await service.stats();
    expect(stats.verdicts).toEqual({ k1: { valid: expect.any(Number) } });
  }, 30_000);
  afterAll(async () => {
    await service?.stop();
    await idp?.down();
  });

  it('tokens of a rotated-in key are unknown_key at once, never waiting, while the refresh is under way', async () => {
    idp.publish('k1', 'k2');
    idp.delayMs = REFRESH_DELAY_MS;
    hitsBeforeRotation = idp.hits;
    rotation = await runPhase(service.url, 3, CONNECTIONS, both);
    const stats = await service.stats();
    note('rotation', { baseline, rotation, verdicts: stats.verdicts });
    expect(rotation.failures).toBe(0);
    expect(stats.uncaught).toBe(0);
    expect(stats.verdicts.k1).toEqual({ valid: expect.any(Number) });
    // Before the refresh is done, new-key tokens are answered as unknown_key; after it, they verify.
    for (const stream of ['k2-repeated', 'k2-distinct']) {
      expect(stats.verdicts[stream]).toEqual({
        'unverified/unknown_key': expect.any(Number),
        valid: expect.any(Number),
      });
    }
  });

  it('no request waits on the rotation refresh: latency stays near the baseline of the same run', () => {
    // Generous margins for a noisy 2-core machine; a request held by the 1.5 s refresh would break both.
    expect(rotation.p99, `p99 ${rotation.p99} ms vs baseline ${baseline.p99} ms`).toBeLessThan(
      4 * baseline.p99 + 100,
    );
    expect(rotation.max, `max ${rotation.max} ms vs baseline ${baseline.max} ms`).toBeLessThan(
      baseline.max + REFRESH_DELAY_MS / 2,
    );
  });

  it('the key set is fetched once for the rotation, not once per request with an unknown kid', async () => {
    idp.delayMs = 0;
    const after = await runPhase(service.url, 1, CONNECTIONS, both);
    const stats = await service.stats();
    expect(after.failures).toBe(0);
    expect(stats.verdicts).toEqual({
      k1: { valid: expect.any(Number) },
      'k2-repeated': { valid: expect.any(Number) },
      'k2-distinct': { valid: expect.any(Number) },
    });
    expect(idp.hits - hitsBeforeRotation).toBe(1);
    expect(stats.keyStatus[0]).toMatchObject({ state: 'fresh', keyCount: 2 });
  });
});
