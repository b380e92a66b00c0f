// Loaded with `node --import ./telemetry.mjs app.mjs`, as an ESM application would load its
// OpenTelemetry setup. OpenTelemetry's loader hook comes first: without it, the application's own
// `import { createServer } from 'node:http'` is never patched, no span starts and getAuth finds nothing.
import { register } from 'node:module';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createJwtTelemetry } from 'otel-jwt';

const config = JSON.parse(process.env.OTEL_JWT_TEST_ESM ?? 'null');
// `loaderHook: false` only for the test's control run, which shows what goes wrong without it.
if (config.loaderHook !== false) register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
export const jwt = createJwtTelemetry({
  verifier: {
    issuers: [
      {
        issuer: config.issuer,
        audience: config.audience,
        keys: { type: 'static', keys: [{ type: 'jwk', jwk: config.jwk, alg: 'ES256' }] },
      },
    ],
  },
  hmacKey: config.hmacKey,
  trustedDestinations: config.trusted,
});
const sdk = new NodeSDK({
  serviceName: 'otel-jwt-esm-app',
  resourceDetectors: [],
  textMapPropagator: jwt.propagator,
  spanProcessors: [jwt.spanProcessor],
  instrumentations: [
    new HttpInstrumentation(jwt.httpInstrumentationConfig),
    new UndiciInstrumentation(jwt.undiciInstrumentationConfig),
  ],
});
sdk.start();
await jwt.ready();
process.on('disconnect', () => process.exit(0));
