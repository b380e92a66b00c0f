import { describe, expect, test, vi } from 'vitest';
import type { KeyRefreshConfig } from '../../src/index.js';
import type { JwksServer } from '../support/jwks-server.js';
import { AUDIENCE, makeKey, settle, until, useResources } from '../support/remote-fixtures.js';

// The refresh timer is faked together with the clock; the HTTP exchanges stay real.
const T0 = Date.UTC(2030, 0, 1);
const resources = useResources();

async function start(keyRefresh: KeyRefreshConfig, prepare: (server: JwksServer) => void = () => {}) {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(T0);
  const key = await makeKey('k1');
  const server = await resources.server([key.jwk]);
  prepare(server);
  const verifier = resources.verifier({
    issuers: [
      { issuer: 'https://idp.test', audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri: server.jwksUri } },
    ],
    keyRefresh: { fetchTimeoutMilliseconds: 1000, ...keyRefresh },
  });
  await verifier.ready();
  return { server, verifier };
}

/** Moves the fake clock to `atMs` after T0 and waits for the requests that must have been made by then. */
async function expectRequestsAt(server: JwksServer, atMs: number, expected: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(T0 + atMs - Date.now());
  await until(() => server.count() >= expected);
  await settle(50);
  expect(server.count()).toBe(expected);
}

describe('Cache-Control sets the next refresh within [minRefreshSeconds, maxRefreshSeconds]', () => {
  const bounds = { minRefreshSeconds: 60, maxRefreshSeconds: 600, defaultRefreshSeconds: 300 };
  test.each([
    { name: 'max-age inside the bounds is followed', header: 'public, max-age=120', seconds: 120 },
    { name: 'max-age below minRefreshSeconds is raised to it', header: 'max-age=5', seconds: 60 },
    { name: 'max-age above maxRefreshSeconds is lowered to it', header: 'max-age=100000', seconds: 600 },
    { name: 'max-age=0 is raised to minRefreshSeconds', header: 'max-age=0', seconds: 60 },
    {
      name: 'no-store makes max-age unusable: defaultRefreshSeconds',
      header: 'no-store, max-age=120',
      seconds: 300,
    },
    { name: 'no Cache-Control header: defaultRefreshSeconds', header: undefined, seconds: 300 },
  ])('$name', async ({ header, seconds }) => {
    const { server, verifier } = await start(bounds, (s) => {
      s.cacheControl = header;
    });
    await expectRequestsAt(server, seconds * 1000 - 1, 1);
    await expectRequestsAt(server, seconds * 1000, 2);
    await until(() => verifier.keyStatus()[0]?.lastRefreshAtMilliseconds === T0 + seconds * 1000);
    expect(verifier.keyStatus()[0]?.state).toBe('fresh');
  });

  test('the max-age of the latest response decides the interval after it', async () => {
    const { server } = await start(bounds, (s) => {
      s.cacheControl = 'max-age=100';
    });
    server.cacheControl = 'max-age=200';
    await expectRequestsAt(server, 100_000, 2);
    await expectRequestsAt(server, 299_999, 2);
    await expectRequestsAt(server, 300_000, 3);
  });
});

describe('failed refreshes retry with backoff', () => {
  test('retries double from cooldownSeconds while the endpoint keeps failing', async () => {
    const { server, verifier } = await start({ cooldownSeconds: 10 }, (s) => {
      s.mode = 'http-500';
    });
    expect(verifier.keyStatus()[0]).toMatchObject({ state: 'failed', lastErrorCode: 'http_error' });
    await expectRequestsAt(server, 9_999, 1);
    await expectRequestsAt(server, 10_000, 2);
    await expectRequestsAt(server, 29_999, 2);
    await expectRequestsAt(server, 30_000, 3);
    await expectRequestsAt(server, 70_000, 4);
  });

  test('a cooldown of 0 does not turn retries into a request storm', async () => {
    const { server } = await start({ cooldownSeconds: 0 }, (s) => {
      s.mode = 'http-500';
    });
    await expectRequestsAt(server, 999, 1);
    await expectRequestsAt(server, 1000, 2);
  });

  test('after a recovery the interval follows Cache-Control again', async () => {
    const { server, verifier } = await start({ cooldownSeconds: 10, minRefreshSeconds: 60 }, (s) => {
      s.mode = 'http-500';
    });
    server.mode = 'normal';
    server.cacheControl = 'max-age=120';
    await expectRequestsAt(server, 10_000, 2);
    await until(() => verifier.keyStatus()[0]?.state === 'fresh');
    await expectRequestsAt(server, 129_999, 2);
    await expectRequestsAt(server, 130_000, 3);
  });
});
