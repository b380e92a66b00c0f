import { randomBytes } from 'node:crypto';
import { diag } from '@opentelemetry/api';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { IssuerOutcomeCounts } from '../../src/internal/outcome-counts.js';
import type { IntrospectionConfig } from '../../src/revocation/introspection-config.js';
import { introspectionSettings } from '../../src/revocation/introspection-settings.js';
import { Introspections, introspectionCounts } from '../../src/revocation/introspections.js';
import { type IntrospectionServer, startIntrospectionServer } from './introspection-server.js';
import { captureDiag } from './remote-fixtures.js';

// Introspection clients of a real loopback endpoint that checks client authentication, for the tests of
// src/revocation/introspections.ts.

export const ISSUER = 'https://idp.example';
export const T0 = Date.UTC(2030, 0, 1);
export const NOW = T0 / 1000;

/** An opaque token: random, so no two tests share one. */
export const opaque = (): string => `opq_${randomBytes(18).toString('base64url')}`;

/** Introspection outcome counts of {@link ISSUER}, by outcome. */
export function counted(counts: IssuerOutcomeCounts): Record<string, number> {
  const seen: Record<string, number> = {};
  counts.forEach((issuer, outcome, count) => {
    expect(issuer).toBe(ISSUER);
    seen[outcome] = count;
  });
  return seen;
}

/**
 * Servers and clients of one test file, closed after each test (fake clocks and diag too). Operator
 * notices go to a captured diag logger rather than to process warnings.
 */
export function useIntrospections() {
  const servers: IntrospectionServer[] = [];
  const clients: Introspections[] = [];
  let captured: ReturnType<typeof captureDiag> | undefined;
  beforeEach(() => {
    captured = captureDiag();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    vi.useRealTimers();
    diag.disable();
    captured = undefined;
  });
  return {
    async serve(): Promise<IntrospectionServer> {
      const server = await startIntrospectionServer();
      servers.push(server);
      return server;
    },
    /** A client of `server`'s endpoint with its accepted credentials unless `over` says otherwise, the clock faked at T0. */
    client(server: IntrospectionServer, over: Partial<IntrospectionConfig> = {}) {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
      const counts = introspectionCounts();
      const { id, secret, method } = server.client;
      const settings = introspectionSettings(
        { endpoint: server.endpoint, client: { id, secret, method }, ...over },
        'issuers[0].introspection',
      );
      const introspections = new Introspections(ISSUER, settings, counts);
      clients.push(introspections);
      return { introspections, counts };
    },
    /** The operator notices so far (the OpenTelemetry API's own diag lines left out). */
    notices(): string[] {
      return captured?.messages.filter((line) => line.includes('otel-jwt')) ?? [];
    },
  };
}
