import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test, vi } from 'vitest';
import { createJwtVerifier } from '../../src/verifier/jwt-verifier.js';
import * as signature from '../../src/verifier/signature.js';
import { captureDiag, outcome } from '../support/remote-fixtures.js';
import { LIST_ISSUER } from '../support/status-list-fixtures.js';
import { AUDIENCE, type ListIssuer, useStatusVerifiers } from '../support/verifier-status-fixtures.js';

// Status lists and the two shortcuts of the verifier: a verified-cache hit is checked again whenever a list
// changed, without a new signature check, and the admission step waits (bounded) for a list's first fetch
// so that verify answers from the list. Against a real loopback issuer.

vi.mock('../../src/verifier/signature.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/verifier/signature.js')>();
  return { ...real, checkSignature: vi.fn(real.checkSignature) };
});
const signatureChecks = vi.mocked(signature.checkSignature);

const T0 = Date.UTC(2030, 0, 1);
const use = useStatusVerifiers();

/** The verdict of a synchronous verify and the signature checks it made (list tokens are checked apart). */
function verifyCounting(verify: (token: string) => unknown, token: string): [string, number] {
  signatureChecks.mockClear();
  const result = verify(token) as Parameters<typeof outcome>[0];
  return [outcome(result), signatureChecks.mock.calls.length];
}

async function tokenAt(issuer: ListIssuer, name: string, idx: number, claims = {}): Promise<string> {
  return issuer.token({ ...claims, status: issuer.server.statusClaim(name, idx) });
}

describe('a verified-cache hit under a list that changes', () => {
  test('is refused once the list flips its bit, then valid again when a suspension is lifted, with no new signature check', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(T0);
    const issuer = await use.issuer((s) => {
      s.setList('2', 2, [0]);
      s.ttlSeconds = 10;
    });
    const under = await use.verifier(issuer, { minTtlSeconds: 10 });
    const verify = (token: string) => under.verifier.verify(token);
    const token = await tokenAt(issuer, '2', 0);
    verify(token);
    await under.fetched(1);
    const accepted = verify(token);
    expect(outcome(accepted)).toBe('valid');
    expect(verifyCounting(verify, token)).toEqual(['valid', 0]);

    let fetches = 1;
    const listSays = async (value: number) => {
      issuer.server.setList('2', 2, [value]);
      await vi.advanceTimersByTimeAsync(10_000);
      await under.fetched(++fetches);
    };
    await listSays(1);
    expect(verifyCounting(verify, token)).toEqual(['invalid:revoked', 0]);
    await listSays(2);
    expect(verifyCounting(verify, token)).toEqual(['invalid:suspended', 0]);
    await listSays(0);
    expect(verifyCounting(verify, token)).toEqual(['valid', 0]);
    // The very entry cached at first: the signature was never checked again.
    expect(verify(token)).toBe(accepted);
  });

  test('a token accepted while its list could not be had (accept) is refused once the list loads and says REVOKED', async () => {
    captureDiag();
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(T0);
    const issuer = await use.issuer((s) => s.setList('1', 1, [1]));
    const under = await use.verifier(issuer, { whenUnavailable: 'accept' });
    issuer.server.mode = 'http-500';
    const token = await tokenAt(issuer, '1', 0);
    expect(outcome(under.verifier.verify(token))).toBe('valid');
    await under.fetched(1);
    issuer.server.mode = 'normal';
    // The first retry comes a second after the failure.
    await vi.advanceTimersByTimeAsync(1000);
    await under.fetched(2);
    expect(under.fetches()).toEqual({ http_error: 1, success: 1 });
    expect(verifyCounting((t) => under.verifier.verify(t), token)).toEqual(['invalid:revoked', 0]);
  });

  test('a change of another list makes a hit check its own entry again, which still stands', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(T0);
    const issuer = await use.issuer((s) => {
      s.setList('a', 1, [0]);
      s.setList('b', 1, [0]);
    });
    const under = await use.verifier(issuer);
    const onA = await tokenAt(issuer, 'a', 0);
    const onB = await tokenAt(issuer, 'b', 0);
    under.verifier.verify(onA);
    await under.fetched(1);
    const accepted = under.verifier.verify(onA);
    expect(outcome(accepted)).toBe('valid');
    // Loading list b moves the generation: the hit on onA is looked up again and still stands.
    under.verifier.verify(onB);
    await under.fetched(2);
    expect(verifyCounting((t) => under.verifier.verify(t), onA)).toEqual(['valid', 0]);
    expect(under.verifier.verify(onA)).toBe(accepted);
  });
});

describe('the admission step', () => {
  test('waits for the first fetch of a list never fetched, after which verify answers from the list without a signature check', async () => {
    const issuer = await use.issuer((s) => s.setList('2', 2, [0, 1, 2]));
    const under = await use.verifier(issuer);
    const tokens = await Promise.all([0, 1, 2].map((idx) => tokenAt(issuer, '2', idx)));
    const outcomes = await Promise.all(tokens.map((token) => under.verifier.admit?.(token)));
    expect(outcomes).toEqual(['ready', 'ready', 'ready']);
    // Three admissions waited on one fetch.
    expect(issuer.server.count('2')).toBe(1);
    expect(tokens.map((token) => verifyCounting((t) => under.verifier.verify(t), token))).toEqual([
      ['valid', 0],
      ['invalid:revoked', 0],
      ['invalid:suspended', 0],
    ]);
  });

  test('resolves timeout within its bound when the list server never answers; verify then answers status_unavailable', async () => {
    captureDiag();
    const issuer = await use.issuer((s) => s.setList('1', 1, [0]));
    const under = await use.verifier(issuer, { fetchTimeoutMilliseconds: 30_000 });
    issuer.server.mode = 'slow';
    issuer.server.delayMs = 60_000;
    const token = await tokenAt(issuer, '1', 0);
    const started = performance.now();
    expect(await under.verifier.admit?.(token, { maxKeyWaitMilliseconds: 300 })).toBe('timeout');
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(1500);
    expect(outcome(under.verifier.verify(token))).toBe('unverified:status_unavailable');
  });

  test('does not wait for a token whose list is already loaded, nor for one revoked by jti', async () => {
    const issuer = await use.issuer((s) => s.setList('1', 1, [0, 0]));
    const under = await use.verifier(issuer);
    const first = await tokenAt(issuer, '1', 0);
    expect(await under.verifier.admit?.(first)).toBe('ready');
    const denied = await tokenAt(issuer, '1', 1, { jti: 'gone' });
    under.verifier.revoke?.('gone', new Date(Date.now() + 60_000));
    issuer.server.mode = 'slow';
    const started = performance.now();
    expect(await under.verifier.admit?.(denied)).toBe('ready');
    expect(performance.now() - started).toBeLessThan(500);
    expect(outcome(under.verifier.verify(denied))).toBe('invalid:revoked');
    expect(issuer.server.count('1')).toBe(1);
  });

  test('waits for the refetch of a list dropped past maxLists when a cached token names it, then verify answers from the list', async () => {
    const issuer = await use.issuer((s) => {
      s.setList('a', 1, [0]);
      s.setList('b', 1, [0]);
    });
    const under = await use.verifier(issuer, { maxLists: 1 });
    const a = await tokenAt(issuer, 'a', 0);
    const b = await tokenAt(issuer, 'b', 0);
    expect(await under.verifier.admit?.(a)).toBe('ready');
    expect(outcome(under.verifier.verify(a))).toBe('valid');
    // b's list takes the only place: a's cached verdict now waits on a list no longer held.
    expect(await under.verifier.admit?.(b)).toBe('ready');
    expect(outcome(under.verifier.verify(b))).toBe('valid');
    expect(await under.verifier.admit?.(a)).toBe('ready');
    expect(verifyCounting((t) => under.verifier.verify(t), a)).toEqual(['valid', 0]);
    expect(issuer.server.count('a')).toBe(2);
  });

  test('waits for keys and then for the status list within one maxKeyWaitMilliseconds in all', async () => {
    captureDiag();
    const issuer = await use.issuer((s) => s.setList('1', 1, [0]));
    issuer.server.mode = 'slow';
    issuer.server.delayMs = 600;
    // The issuer's key set, answered after 600 ms too: keys, then the list, each take most of the budget.
    const slowKeys = createServer((_request, response) => {
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ keys: issuer.server.jwks }));
      }, 600);
    });
    await new Promise<void>((resolve) => slowKeys.listen(0, '127.0.0.1', resolve));
    const { port } = slowKeys.address() as AddressInfo;
    const v = createJwtVerifier({
      issuers: [
        {
          issuer: LIST_ISSUER,
          audience: AUDIENCE,
          algorithms: ['ES256'],
          keys: { type: 'jwks-uri', jwksUri: `http://127.0.0.1:${port}/jwks` },
          statusList: { mode: 'when-present', allowedUris: [issuer.server.listsPrefix] },
        },
      ],
    });
    try {
      const token = await tokenAt(issuer, '1', 0);
      const started = performance.now();
      expect(await v.admit?.(token, { maxKeyWaitMilliseconds: 900 })).toBe('timeout');
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(850);
      expect(waited).toBeLessThan(1150);
    } finally {
      v.close();
      slowKeys.closeAllConnections();
      await new Promise((resolve) => slowKeys.close(resolve));
    }
  });
});
