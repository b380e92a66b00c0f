// The gateway service's OpenTelemetry setup, as the otel-jwt README teaches it. Loaded before the app:
// node --import ./telemetry.ts app.ts (main does this), so instrumentation-http is in place first.
import { readFileSync } from 'node:fs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { createJwtTelemetry } from 'otel-jwt';
import { DEMO_VERIFIER_TUNING, downstreamOrigin, serviceSettings } from '../shared/settings.ts';

const settings = serviceSettings();

export const jwt = createJwtTelemetry({
  verifier: {
    issuers: [
      {
        issuer: settings.issuer,
        audience: settings.audience,
        keys: { type: 'discovery' },
        ...DEMO_VERIFIER_TUNING.issuer,
      },
    ],
    keyRefresh: DEMO_VERIFIER_TUNING.keyRefresh,
  },
  claims: { roles: 'user.roles', tenant: 'tenant.id' }, // claim -> attribute and baggage key
  hmacKey: readFileSync(settings.hmacKeyFile), // shared by the services, >= 32 bytes
  trustedDestinations: [downstreamOrigin(settings, 'orders')], // who may receive auth baggage: orders
});

export const sdk = new NodeSDK({
  textMapPropagator: jwt.propagator, // W3C trace context, W3C baggage, then JWT
  // otel-jwt's processors first: they add the auth attributes and redact before anything exports.
  spanProcessors: [jwt.spanProcessor, new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  logRecordProcessors: [
    jwt.logRecordProcessor,
    new BatchLogRecordProcessor({ exporter: new OTLPLogExporter() }),
  ],
  instrumentations: [new HttpInstrumentation(jwt.httpInstrumentationConfig)],
});
sdk.start();
