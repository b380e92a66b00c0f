import { expect, type MockInstance, vi } from 'vitest';
import type { JwtVerifier, JwtVerifierConfig } from '../../src/index.js';
import type { DenyListConfig } from '../../src/revocation/deny-list-config.js';
import { REFRESH_MS, STALE_MS, T0, TIMEOUT_MS } from './deny-list-fixtures.js';
import type { DenyListServer } from './deny-list-server.js';
import { outcome } from './remote-fixtures.js';
import { monolith } from './self-issued-tokens.js';
import { AUDIENCE, ISSUER, KEY, mint } from './telemetry-fixtures.js';

// Verifiers with a deny-list, for the verifier-level tests of revoke() and of the deny-list document.

/** A second trusted issuer, holding the same key as ISSUER. */
export const OTHER_ISSUER = 'https://other-idp.test';

/** Two trusted issuers (one key) and the monolith's self-issued tokens; `denyList` when given. */
export function verifierConfig(denyList?: DenyListConfig): JwtVerifierConfig {
  const keys = { type: 'static', keys: [{ type: 'jwk', jwk: KEY.publicJwk }] } as const;
  return {
    issuers: [
      { issuer: ISSUER, audience: AUDIENCE, keys },
      { issuer: OTHER_ISSUER, audience: AUDIENCE, keys },
      monolith(),
    ],
    ...(denyList === undefined ? {} : { denyList }),
  };
}

/** The document of `server` with the fixtures' timings (30 s refresh, 1 s timeout, 60 s stale). */
export const documentOf = (server: DenyListServer, over: Partial<DenyListConfig> = {}): DenyListConfig => ({
  url: server.documentUrl,
  refreshSeconds: REFRESH_MS / 1000,
  fetchTimeoutMilliseconds: TIMEOUT_MS,
  staleIfErrorSeconds: STALE_MS / 1000,
  ...over,
});

/** The clock at T0; with `timers`, the refresh timers too (the HTTP exchanges stay real). */
export function freezeAtT0(timers = false): void {
  vi.useFakeTimers({ toFake: timers ? ['Date', 'setTimeout', 'clearTimeout'] : ['Date'] });
  vi.setSystemTime(T0);
}

/**
 * A token of `jti` verified twice, so that it is held in the cache; `checks` (the mocked synchronous
 * signature check) is cleared first and shows the one check it took.
 */
export function cachedToken(v: JwtVerifier, checks: MockInstance, jti: string): string {
  const token = mint({ jti });
  checks.mockClear();
  expect(outcome(v.verify(token))).toBe('valid');
  expect(outcome(v.verify(token))).toBe('valid');
  expect(checks).toHaveBeenCalledTimes(1);
  return token;
}
