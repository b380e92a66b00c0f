import { readFileSync } from 'node:fs';
import { context } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
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
  spanProcessors: [jwt.spanProcessor], // first; then your exporting processor
  instrumentations: [new HttpInstrumentation(jwt.httpInstrumentationConfig)],
});
sdk.start();

// In a request handler: the identity the propagator verified, without verifying again.
export function currentTenant(): string | undefined {
  const auth = getAuth(context.active());
  return auth?.result.status === 'valid' ? String(auth.result.claims.tenant) : undefined;
}
