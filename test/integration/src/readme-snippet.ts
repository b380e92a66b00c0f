import { readFileSync } from 'node:fs';
import { context } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { createJwtTelemetry, getAuth } from 'otel-jwt';

const jwt = createJwtTelemetry({
  verifier: {
    issuers: [{ issuer: 'https://idp.example', audience: 'orders', keys: { type: 'discovery' } }],
  },
  claims: { roles: 'user.roles', tenant: 'tenant.id' }, // claim -> attribute and baggage key
  hmacKey: readFileSync('/run/secrets/otel-jwt-hmac-key'), // shared by the services, >= 32 bytes
  trustedDestinations: ['https://*.orders.internal'], // who may receive auth baggage
});

export const sdk = new NodeSDK({
  textMapPropagator: jwt.propagator, // W3C trace context, W3C baggage, then JWT
  // otel-jwt's processors first: they add the auth attributes and redact as values are set. The
  // exporter wrappers are the last line: they read again what is exported (values changed later,
  // metrics, the resource).
  spanProcessors: [
    jwt.spanProcessor,
    new BatchSpanProcessor({ exporter: jwt.redactingSpanExporter(new OTLPTraceExporter()) }),
  ],
  logRecordProcessors: [
    jwt.logRecordProcessor,
    new BatchLogRecordProcessor({ exporter: jwt.redactingLogExporter(new OTLPLogExporter()) }),
  ],
  metricReaders: [
    new PeriodicExportingMetricReader({ exporter: jwt.redactingMetricExporter(new OTLPMetricExporter()) }),
  ],
  // node:http clients and servers (Express, Fastify), and fetch; gRPC: see docs/clients.md.
  instrumentations: [
    new HttpInstrumentation(jwt.httpInstrumentationConfig),
    new UndiciInstrumentation(jwt.undiciInstrumentationConfig),
  ],
});
sdk.start();

// In a request handler: the identity the propagator verified, without verifying again.
export function currentTenant(): string | undefined {
  const auth = getAuth(context.active());
  return auth?.result.status === 'valid' ? String(auth.result.claims.tenant) : undefined;
}
