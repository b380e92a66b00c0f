import { readFileSync } from 'node:fs';
import { context } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
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
  // otel-jwt's processors first: they add the auth attributes and redact before anything exports.
  spanProcessors: [jwt.spanProcessor, new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  logRecordProcessors: [
    jwt.logRecordProcessor,
    new BatchLogRecordProcessor({ exporter: new OTLPLogExporter() }),
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
