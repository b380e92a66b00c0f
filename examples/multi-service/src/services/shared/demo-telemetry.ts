// What every service's telemetry.ts takes from the demo rather than from the service: the IdP they all
// trust (with its status list and introspection endpoint) and OTLP export to the demo's collector. Each
// telemetry.ts still composes them as the otel-jwt README does, so the README's setup is what a reader
// sees there.
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import type { JwtVerifierConfig } from 'otel-jwt';
import { IDP_PATHS, REVOCATION_TIMING } from '../../protocol.ts';
import type { ServiceSettings } from './settings.ts';

/**
 * The IdP main started, its keys found through OIDC discovery as in production. Departures from
 * otel-jwt's defaults, so that what the demo shows happens within seconds: a 1 s clock tolerance
 * (default 30 s) for the expired-token scenario, a 1 s refresh cooldown (default 30 s, which
 * protects the IdP) so an unknown `kid` triggers a key refresh at once, and revocation checks that
 * notice a revoked session within 1-2 s (see `REVOCATION_TIMING`).
 */
export function demoVerifier(settings: ServiceSettings): JwtVerifierConfig {
  return {
    issuers: [
      {
        issuer: settings.issuer,
        audience: settings.audience,
        keys: { type: 'discovery' },
        clockToleranceSeconds: 1,
        // JWT access tokens name their entry in the IdP's status list: a revoked one is refused.
        statusList: {
          mode: 'when-present',
          allowedUris: [`${settings.issuer}${IDP_PATHS.statusLists}`],
          // The IdP's list says `ttl: 2`; the default lower bound (10 s) would stretch that.
          minTtlSeconds: 1,
        },
        // The mobile app's opaque tokens: the IdP says at its introspection endpoint what they stand for.
        introspection: {
          endpoint: `${settings.issuer}${IDP_PATHS.introspection}`,
          client: settings.introspectionClient, // client_secret_basic, the default
          maxCacheSeconds: REVOCATION_TIMING.introspectionCacheSeconds, // default 60
        },
      },
    ],
    keyRefresh: { cooldownSeconds: 1 },
  };
}

// Endpoint and batch delay come from the OTEL_* variables main starts each service with.

/** Batches spans to the collector; goes after otel-jwt's span processor, which redacts first. */
export function otlpSpanExport(): BatchSpanProcessor {
  return new BatchSpanProcessor({ exporter: new OTLPTraceExporter() });
}

/** Batches log records to the collector; goes after otel-jwt's log processor, which redacts first. */
export function otlpLogExport(): BatchLogRecordProcessor {
  return new BatchLogRecordProcessor({ exporter: new OTLPLogExporter() });
}
