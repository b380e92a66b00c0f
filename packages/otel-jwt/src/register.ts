// `node --import otel-jwt/register app.js`: OpenTelemetry with otel-jwt, configured by environment
// variables, before the application runs. Side effects only; docs/register.md lists the variables.
import { diagnostics } from './internal/diagnostics.js';
import { otelSettings } from './register/register-otel-env.js';
import { startSdk } from './register/register-sdk.js';
import { flushOnExit, shutdownAll } from './register/register-shutdown.js';
import { telemetryFromEnv } from './register/register-telemetry.js';

// Any mistake throws here, so that `node --import` stops before the application starts.
const settings = otelSettings(process.env);
if (!settings.disabled) {
  const { jwt, keyed } = telemetryFromEnv(process.env);
  // NodeSDK sets the diag logger from OTEL_LOG_LEVEL; the library's own warning came before it.
  const { sdk, forceFlush } = startSdk(jwt, settings);
  if (!keyed) {
    diagnostics.warn(
      'otel-jwt/register: neither OTEL_JWT_HMAC_KEY nor OTEL_JWT_HMAC_KEY_FILE is set; subject proofs are plain hashes that anyone can compute, and user.hash pseudonyms are keyed per process',
    );
  }
  flushOnExit({
    forceFlush,
    shutdown: shutdownAll(
      () => sdk.shutdown(),
      () => jwt.shutdown(),
    ),
  });
  // Requests that arrive before the first key fetch would be `unverified`, so the application waits
  // for it; never long: ready() never rejects, and each fetch is bounded by OTEL_JWT_FETCH_TIMEOUT_MILLISECONDS.
  await jwt.ready();
}
