import { afterEach, describe, expect, test, vi } from 'vitest';
import type { JwtVerifierConfig } from '../../src/index.js';
import { captureOperatorOutput, DEFAULT_SETUPS, type OperatorOutput } from '../support/operator-output.js';
import { AUDIENCE, makeKey, outcome, signToken, useResources } from '../support/remote-fixtures.js';

// What an operator is told about an issuer's keys, under each default setup: once when the first fetch
// fails, once when refreshes start failing, once more should the last good keys expire, once when a
// fetch succeeds again; never per request and never per retry.

const ISSUER = 'https://idp.test';
const T0 = Date.UTC(2030, 0, 1);
const resources = useResources();
let output: OperatorOutput | undefined;
afterEach(() => output?.stop());

function config(jwksUri: string): JwtVerifierConfig {
  return {
    issuers: [{ issuer: ISSUER, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri } }],
    keyRefresh: {
      fetchTimeoutMilliseconds: 1000,
      cooldownSeconds: 0,
      defaultRefreshSeconds: 60,
      minRefreshSeconds: 1,
      staleIfErrorSeconds: 120,
    },
  };
}

/** Lines that speak of the issuer's keys; each also names the issuer. */
async function keyLines(): Promise<string[]> {
  const lines = (await output?.lines()) ?? [];
  const about = lines.filter((line) => /key (fetch|refresh)|keys (loaded|available)/.test(line));
  for (const line of about) expect(line).toContain(ISSUER);
  return about;
}

describe.each(DEFAULT_SETUPS)('under %s', (setup) => {
  test('a first key fetch that fails is said once, as an error, across requests and retries', async () => {
    output = captureOperatorOutput(setup);
    const key = await makeKey('k1');
    const server = await resources.server([key.jwk]);
    server.mode = 'http-500';
    const token = await signToken(key, ISSUER);
    const verifier = resources.verifier(config(server.jwksUri));
    await verifier.ready();
    for (let i = 0; i < 50; i++) expect(outcome(verifier.verify(token))).toBe('unverified:keys_unavailable');
    for (let i = 0; i < 3; i++) await verifier.refreshKeys();
    expect(server.count()).toBeGreaterThanOrEqual(4);

    const lines = await keyLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^(error|warning) otel-jwt: no keys loaded for issuer .*\(http_error\).*unverified/,
    );
    expect(lines[0]).not.toContain(token);
  });

  test('keys that load after failed first fetches are said once, and nothing after', async () => {
    output = captureOperatorOutput(setup);
    const key = await makeKey('k1');
    const server = await resources.server([key.jwk]);
    server.mode = 'http-500';
    const verifier = resources.verifier(config(server.jwksUri));
    await verifier.ready();
    await verifier.refreshKeys();
    server.mode = 'normal';
    await verifier.refreshKeys();
    await verifier.refreshKeys();

    const lines = await keyLines();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^(warn|warning) otel-jwt: key fetch for issuer .* succeeded after 2 failures$/);
  });

  test('an outage after keys loaded is said once while the last good keys serve, and once more when they expire', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    output = captureOperatorOutput(setup);
    const key = await makeKey('k1');
    const server = await resources.server([key.jwk]);
    const token = await signToken(key, ISSUER);
    const verifier = resources.verifier(config(server.jwksUri));
    await verifier.ready();
    expect(await keyLines()).toEqual([]);

    server.mode = 'http-500';
    for (let i = 0; i < 4; i++) {
      vi.setSystemTime(T0 + 10_000 * (i + 1));
      await verifier.refreshKeys();
      expect(verifier.verify(token).status).toBe('valid');
    }
    let lines = await keyLines();
    expect(lines).toHaveLength(1);
    // Loaded at T0, due at T0 + 60 s, stale for 120 s more: at T0 + 10 s, 170 s are left.
    expect(lines[0]).toMatch(
      /^(warn|warning) otel-jwt: key refresh for issuer .* failed \(http_error\); the last good keys keep serving for up to 3 min/,
    );

    vi.setSystemTime(T0 + 180_000);
    for (let i = 0; i < 3; i++) await verifier.refreshKeys();
    for (let i = 0; i < 20; i++) expect(outcome(verifier.verify(token))).toBe('unverified:keys_unavailable');
    lines = await keyLines();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^(error|warning) otel-jwt: no keys available for issuer .*expired/);

    server.mode = 'normal';
    await verifier.refreshKeys();
    await verifier.refreshKeys();
    lines = await keyLines();
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/succeeded after 7 failures$/);
  });
});
