import { vi } from 'vitest';
import type { JwtVerifier, JwtVerifierConfig, TrustedIssuerConfig } from '../../src/index.js';
import type { IntrospectionConfig } from '../../src/revocation/introspection-config.js';
import { ISSUER, NOW, opaque, T0, useIntrospections } from './introspection-fixtures.js';
import type { IntrospectionServer } from './introspection-server.js';
import { outcome, useResources } from './remote-fixtures.js';
import { AUDIENCE, KEY } from './telemetry-fixtures.js';

// Verifiers whose issuer introspects opaque tokens at a real loopback endpoint, for the verifier-level
// tests of introspection.

/** The issuer's trusted configuration (static key KEY), its opaque tokens introspected at `server`. */
export function issuerOf(
  server: IntrospectionServer,
  over: Partial<IntrospectionConfig> = {},
  issuer: Partial<TrustedIssuerConfig> = {},
): TrustedIssuerConfig {
  return {
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: { type: 'static', keys: [{ type: 'jwk', jwk: KEY.publicJwk }] },
    introspection: { endpoint: server.endpoint, client: server.client, ...over },
    ...issuer,
  };
}

export const introspectingConfig = (
  server: IntrospectionServer,
  over: Partial<IntrospectionConfig> = {},
  issuer: Partial<TrustedIssuerConfig> = {},
): JwtVerifierConfig => ({ issuers: [issuerOf(server, over, issuer)] });

/** An active answer of alice's access token, valid for an hour from T0; `over` replaces members. */
export function activeAnswer(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    active: true,
    sub: 'alice',
    aud: AUDIENCE,
    exp: NOW + 3600,
    iat: NOW,
    scope: 'orders:read',
    client_id: 'web-app',
    ...over,
  };
}

/** Admission, as the admission step runs it, then the synchronous verdict. */
export async function admitted(v: JwtVerifier, token: string): Promise<string> {
  await v.admit?.(token);
  return outcome(v.verify(token));
}

/**
 * Endpoints and verifiers of one test file, closed after each test (fake clocks and diag too), and
 * `setUp`: a server, a verifier of its tokens at T0 (clock faked) and an opaque token it answers with
 * `answer` (null: a token the endpoint does not know).
 */
export function useIntrospectedVerifiers() {
  const { serve, notices } = useIntrospections();
  const { verifier } = useResources();
  async function setUp(
    answer: Record<string, unknown> | null = activeAnswer(),
    over: Partial<IntrospectionConfig> = {},
    issuer: Partial<TrustedIssuerConfig> = {},
  ) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const server = await serve();
    const v = verifier(introspectingConfig(server, over, issuer));
    const token = opaque();
    if (answer !== null) server.answers.set(token, answer);
    return { server, v, token };
  }
  return { serve, notices, verifier, setUp };
}
