// What every service's telemetry.ts takes from the demo rather than from the service: the IdP they all
// trust and OTLP export to the demo's collector. Each telemetry.ts still composes them as the otel-jwt
// README does, so the README's setup is what a reader sees there.
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import type { JwtVerifierConfig } from 'otel-jwt';
import type { ServiceSettings } from './settings.ts';

/**
 * The IdP main started, its keys found through OIDC discovery as in production. Two departures from
 * otel-jwt's defaults, so that what the demo shows happens within seconds: a 1 s clock tolerance
 * (default 30 s) for the expired-token scenario, and a 1 s refresh cooldown (default 30 s, which
 * protects the IdP) so an unknown `kid` triggers a key refresh at once.
 */
export function demoVerifier(settings: ServiceSettings): JwtVerifierConfig {
  return {
    issuers: [
      {
        issuer: settings.issuer,
        audience: settings.audience,
        keys: { type: 'discovery' },
        clockToleranceSeconds: 1,
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
