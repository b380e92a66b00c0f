import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { afterEach, vi } from 'vitest';
import type { JwtVerifier, JwtVerifierConfig, VerifyResult } from '../../src/index.js';
import { createJwtVerifier } from '../../src/index.js';
import { type JwksServer, startJwksServer } from './jwks-server.js';

// Keys, tokens, diagnostics capture and clean-up for the tests that run against a JwksServer.

/** A signing key made at run time, with its public JWK as a key set would publish it. */
export interface TestKey {
  readonly kid: string;
  readonly alg: 'ES256';
  readonly privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  readonly jwk: JWK;
}

export async function makeKey(kid: string): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, alg: 'ES256', privateKey, jwk };
}

export const AUDIENCE = 'orders';

/** A token from `issuer` signed by `key`, valid for a day from the (possibly faked) clock. */
export function signToken(key: TestKey, issuer: string, claims: JWTPayload = {}): Promise<string> {
  return new SignJWT({ sub: 'alice', ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('24h')
    .sign(key.privateKey);
}

/** Collects every OTel diag message; `stop()` uninstalls the logger. */
export function captureDiag(): { readonly messages: string[]; stop(): void } {
  const messages: string[] = [];
  const record =
    (level: string) =>
    (message: string, ...args: unknown[]) =>
      messages.push(`${level} ${message} ${args.map((a) => String(a)).join(' ')}`.trimEnd());
  const logger: DiagLogger = {
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    verbose: record('verbose'),
  };
  diag.setLogger(logger, DiagLogLevel.ALL);
  return { messages, stop: () => diag.disable() };
}

/** Polls `done` until it holds, for at most `limitMs` of real time (waits for real HTTP round-trips). */
export async function until(done: () => boolean, limitMs = 3000): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Servers and verifiers of one test file, all stopped after each test (also fake clocks and diag). */
export function useResources(): {
  server(keys?: JWK[]): Promise<JwksServer>;
  verifier(config: JwtVerifierConfig): JwtVerifier;
} {
  const servers: JwksServer[] = [];
  const verifiers: JwtVerifier[] = [];
  afterEach(async () => {
    for (const verifier of verifiers.splice(0)) verifier.close();
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    vi.useRealTimers();
    diag.disable();
  });
  return {
    async server(keys = []) {
      const server = await startJwksServer(keys);
      servers.push(server);
      return server;
    },
    verifier(config) {
      const verifier = createJwtVerifier(config);
      verifiers.push(verifier);
      return verifier;
    },
  };
}

/** A verdict as a short string (`valid`, `unverified:unknown_key`, ...): assertions never print claims. */
export function outcome(result: VerifyResult): string {
  return result.status === 'valid' ? 'valid' : `${result.status}:${result.code}`;
}

/**
 * Lets `ms` of real time pass, so a request that must not happen has had the time of a local round-trip
 * to reach the server. setImmediate-based, so it also works while setTimeout is faked. Never used to
 * wait out a clock window: those are crossed with a fake clock.
 */
export async function settle(ms = 100): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) await new Promise((resolve) => setImmediate(resolve));
}
