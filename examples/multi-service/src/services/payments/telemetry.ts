// The payments service's OpenTelemetry setup, as the otel-jwt README teaches it. Loaded before the app:
// node --import ./telemetry.ts app.ts (main does this), so instrumentation-http is in place first.
import { readFileSync } from 'node:fs';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createJwtTelemetry, jwtHttpInstrumentationConfig } from 'otel-jwt';
import { nameClientSpan } from '../shared/client-span-names.ts';
import { demoVerifier, otlpLogExport, otlpSpanExport } from '../shared/demo-telemetry.ts';
import { serviceSettings } from '../shared/settings.ts';

const settings = serviceSettings();

export const jwt = createJwtTelemetry({
  verifier: demoVerifier(settings), // the demo's IdP, keys through OIDC discovery
  claims: { roles: 'user.roles', tenant: 'tenant.id' }, // claim -> attribute and baggage key
  hmacKey: readFileSync(settings.hmacKeyFile), // shared by the services, >= 32 bytes
  trustedDestinations: [], // calls no other service
});

export const sdk = new NodeSDK({
  serviceName: 'payments',
  // Only service.name and telemetry.sdk.*: the default detectors would add the host id, the user, paths
  // and the command line, in every trace file people share.
  autoDetectResources: false,
  textMapPropagator: jwt.propagator, // W3C trace context, W3C baggage, then JWT
  // otel-jwt's processors first: they add the auth attributes and redact before anything exports.
  spanProcessors: [jwt.spanProcessor, otlpSpanExport()],
  logRecordProcessors: [jwt.logRecordProcessor, otlpLogExport()],
  // otel-jwt's hooks merged with the demo's own, which names client spans `POST /route`.
  instrumentations: [new HttpInstrumentation(jwtHttpInstrumentationConfig({ requestHook: nameClientSpan }))],
});
sdk.start();
