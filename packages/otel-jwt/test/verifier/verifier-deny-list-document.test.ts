// The verifier's deny-list document on a real loopback server: `ready()` waits for its first fetch, a
// revocation published there is refused within one refresh interval (cached verdicts included), and
// `whenUnavailable` decides before the first load and past the stale window. The DenyList and its source
// alone: test/revocation/deny-list*.test.ts.
import { describe, expect, test, vi } from 'vitest';
import * as signature from '../../src/verifier/signature.js';
import { advanceTo, NOW, REFRESH_MS, T0, USABLE_UNTIL, useDenyLists } from '../support/deny-list-fixtures.js';
import { cachedToken, documentOf, freezeAtT0, verifierConfig } from '../support/deny-list-verifiers.js';
import { outcome, settle, until, useResources } from '../support/remote-fixtures.js';
import { mint } from '../support/telemetry-fixtures.js';

vi.mock('../../src/verifier/signature.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/verifier/signature.js')>();
  return { ...real, checkSignature: vi.fn(real.checkSignature) };
});
const signatureChecks = vi.mocked(signature.checkSignature);

const { serve, notices } = useDenyLists();
const { verifier } = useResources();

describe('a deny-list document', () => {
  test('ready() waits for the first fetch of the document; its entries are refused from then on', async () => {
    freezeAtT0();
    const server = await serve([{ jti: 'listed', exp: NOW + 3600 }]);
    const v = verifier(verifierConfig(documentOf(server)));
    const listed = mint({ jti: 'listed' });
    expect(outcome(v.verify(listed))).toBe('unverified:status_unavailable');
    await v.ready();
    expect(server.fetches).toBe(1);
    expect(outcome(v.verify(listed))).toBe('invalid:revoked');
    expect(outcome(v.verify(mint({ jti: 'not-listed' })))).toBe('valid');
  });

  test('ready() waits for a first fetch that never answers until it times out, then resolves', async () => {
    freezeAtT0();
    const server = await serve();
    server.mode = 'hang';
    const v = verifier(verifierConfig(documentOf(server, { fetchTimeoutMilliseconds: 150 })));
    let loaded = false;
    void v.ready().then(() => {
      loaded = true;
    });
    await until(() => server.fetches === 1);
    await settle(50);
    expect(loaded).toBe(false);
    await v.ready();
    expect(outcome(v.verify(mint({ jti: 'any' })))).toBe('unverified:status_unavailable');
  });

  test('an admission before the first load waits for the document: the token is judged against it', async () => {
    freezeAtT0();
    const server = await serve([{ jti: 'admitted-listed', exp: NOW + 3600 }]);
    const v = verifier(verifierConfig(documentOf(server)));
    const listed = mint({ jti: 'admitted-listed' });
    const fine = mint({ jti: 'admitted-fine' });
    expect(await Promise.all([v.admit?.(listed), v.admit?.(fine)])).toEqual(['ready', 'ready']);
    expect(server.fetches).toBe(1);
    expect(outcome(v.verify(listed))).toBe('invalid:revoked');
    expect(outcome(v.verify(fine))).toBe('valid');
  });

  test('a revocation published in the document is refused within one refresh interval, cached verdicts included', async () => {
    freezeAtT0(true);
    const server = await serve([]);
    const v = verifier(verifierConfig(documentOf(server)));
    await v.ready();
    const token = cachedToken(v, signatureChecks, 'published');
    server.revoked.push({ jti: 'published', exp: NOW + 3600 });
    await advanceTo(server, REFRESH_MS - 1, 1);
    expect(outcome(v.verify(token))).toBe('valid');
    await advanceTo(server, REFRESH_MS, 2);
    expect(outcome(v.verify(token))).toBe('invalid:revoked');
    expect(signatureChecks).toHaveBeenCalledTimes(1);
    expect(outcome(v.verify(mint({ jti: 'published', sub: 'bob' })))).toBe('invalid:revoked');
  });

  test('a revocation withdrawn from the document is lifted at the next refresh, from the cache', async () => {
    freezeAtT0(true);
    const server = await serve([]);
    const v = verifier(verifierConfig(documentOf(server)));
    await v.ready();
    const token = cachedToken(v, signatureChecks, 'withdrawn');
    server.revoked = [{ jti: 'withdrawn', exp: NOW + 3600 }];
    await advanceTo(server, REFRESH_MS, 2);
    expect(outcome(v.verify(token))).toBe('invalid:revoked');
    server.revoked = [];
    await advanceTo(server, 2 * REFRESH_MS, 3);
    expect(outcome(v.verify(token))).toBe('valid');
    expect(signatureChecks).toHaveBeenCalledTimes(1);
  });

  test('an in-process revocation does not wait for the document refresh', async () => {
    freezeAtT0(true);
    const server = await serve([]);
    const v = verifier(verifierConfig(documentOf(server)));
    await v.ready();
    const token = cachedToken(v, signatureChecks, 'local');
    v.revoke?.('local', NOW + 600);
    expect(outcome(v.verify(token))).toBe('invalid:revoked');
    expect(server.fetches).toBe(1);
  });

  describe('before the first document was had', () => {
    test("whenUnavailable 'refuse' (the default): status_unavailable until a fetch succeeds", async () => {
      freezeAtT0(true);
      const server = await serve([]);
      server.mode = 'http-500';
      const v = verifier(verifierConfig(documentOf(server)));
      const token = mint({ jti: 'waiting' });
      expect(outcome(v.verify(token))).toBe('unverified:status_unavailable');
      await v.ready();
      expect(outcome(v.verify(token))).toBe('unverified:status_unavailable');
      server.mode = 'normal';
      // The first retry follows a failure after 1 s.
      await advanceTo(server, 1000, 2);
      expect(outcome(v.verify(token))).toBe('valid');
      expect(notices().join('\n')).not.toContain(token.slice(0, 16));
    });

    test("whenUnavailable 'accept': valid meanwhile, and refused from the cache once the document lists it", async () => {
      freezeAtT0(true);
      const server = await serve([]);
      server.mode = 'http-500';
      const v = verifier(verifierConfig(documentOf(server, { whenUnavailable: 'accept' })));
      const token = cachedToken(v, signatureChecks, 'accepted-meanwhile');
      await v.ready();
      expect(outcome(v.verify(token))).toBe('valid');
      server.mode = 'normal';
      server.revoked = [{ jti: 'accepted-meanwhile', exp: NOW + 3600 }];
      await advanceTo(server, 1000, 2);
      expect(outcome(v.verify(token))).toBe('invalid:revoked');
      expect(signatureChecks).toHaveBeenCalledTimes(1);
    });
  });

  describe('while refreshes fail', () => {
    /** A verifier whose document (listing `stale-listed`) loaded at T0, then every refresh failing. */
    async function failingAfterLoad(whenUnavailable?: 'refuse' | 'accept') {
      freezeAtT0(true);
      const server = await serve([{ jti: 'stale-listed', exp: NOW + 7200 }]);
      const over = whenUnavailable === undefined ? {} : { whenUnavailable };
      const v = verifier(verifierConfig(documentOf(server, over)));
      await v.ready();
      const token = cachedToken(v, signatureChecks, 'fine');
      server.mode = 'http-500';
      return { server, v, token, listed: mint({ jti: 'stale-listed' }) };
    }

    /** Moves the faked clock and timers to `atMs` after T0, letting the failing refreshes finish. */
    async function moveTo(atMs: number): Promise<void> {
      await vi.advanceTimersByTimeAsync(T0 + atMs - Date.now());
      await settle(30);
    }

    test('the last good document keeps serving until the end of its stale window', async () => {
      const { server, v, token, listed } = await failingAfterLoad();
      await moveTo(USABLE_UNTIL - T0 - 1);
      expect(server.fetches).toBeGreaterThan(1);
      expect(outcome(v.verify(token))).toBe('valid');
      expect(signatureChecks).toHaveBeenCalledTimes(1);
      expect(outcome(v.verify(listed))).toBe('invalid:revoked');
    });

    test("past the stale window, 'refuse' turns cached and new tokens to status_unavailable, listed ones stay revoked", async () => {
      const { v, token, listed } = await failingAfterLoad('refuse');
      await moveTo(USABLE_UNTIL - T0);
      expect(outcome(v.verify(token))).toBe('unverified:status_unavailable');
      expect(outcome(v.verify(mint({ jti: 'new' })))).toBe('unverified:status_unavailable');
      expect(outcome(v.verify(listed))).toBe('invalid:revoked');
    });

    test("past the stale window, 'accept' keeps tokens valid, the last document's entries still revoked", async () => {
      const { v, token, listed } = await failingAfterLoad('accept');
      await moveTo(USABLE_UNTIL - T0);
      expect(outcome(v.verify(token))).toBe('valid');
      expect(outcome(v.verify(mint({ jti: 'new' })))).toBe('valid');
      expect(outcome(v.verify(listed))).toBe('invalid:revoked');
    });

    test('a document had again after the stale window lets the cached token through once more', async () => {
      const { server, v, token } = await failingAfterLoad('refuse');
      await moveTo(USABLE_UNTIL - T0);
      expect(outcome(v.verify(token))).toBe('unverified:status_unavailable');
      server.mode = 'normal';
      // Retries back off to the refresh interval at most: one interval of faked time brings the document.
      const recovered = Date.now() + REFRESH_MS;
      while (outcome(v.verify(token)) !== 'valid' && Date.now() < recovered)
        await moveTo(Date.now() - T0 + 1000);
      expect(outcome(v.verify(token))).toBe('valid');
      expect(signatureChecks).toHaveBeenCalledTimes(1);
    });
  });
});
