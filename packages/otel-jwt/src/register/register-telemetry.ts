import { ConfigurationError } from '../errors.js';
import { createJwtTelemetry, type JwtTelemetry } from '../sdk/jwt-telemetry.js';
import { REGISTER_VARIABLES, registerTelemetryConfig } from './register-env.js';
import type { Env } from './register-env-values.js';

/** The telemetry of the register entry, and what it needs to tell the deployer once logging is set up. */
export interface RegisterTelemetry {
  readonly jwt: JwtTelemetry;
  /** Whether an HMAC key was given (`OTEL_JWT_HMAC_KEY` or `OTEL_JWT_HMAC_KEY_FILE`). */
  readonly keyed: boolean;
}

/**
 * `createJwtTelemetry` configured by the `OTEL_JWT_*` variables of `env`. Every mistake, whether in the
 * form of a variable or found by the library's own checks, throws a `ConfigurationError` whose message
 * starts with the variables concerned.
 */
export function telemetryFromEnv(env: Env): RegisterTelemetry {
  const config = registerTelemetryConfig(env);
  try {
    return { jwt: createJwtTelemetry(config), keyed: config.hmacKey !== undefined };
  } catch (error) {
    throw error instanceof ConfigurationError ? nameVariables(error, env) : error;
  }
}

/**
 * The library's message names options (`issuers[0].clockToleranceSeconds must be ...`); the deployer
 * set variables. Prefixes the message with every set variable whose option it mentions.
 */
export function nameVariables(error: ConfigurationError, env: Env): ConfigurationError {
  const names = Object.entries(REGISTER_VARIABLES)
    .filter(([name, path]) => (env[name] ?? '') !== '' && mentions(error.message, path))
    .map(([name]) => name);
  const prefix = names.length === 0 ? 'the OTEL_JWT_* settings' : names.join(', ');
  return new ConfigurationError(`${prefix}: ${error.message}`);
}

/** Whether `message` names `path` itself or an option under it (`claims` in `claims.roles must ...`). */
function mentions(message: string, path: string): boolean {
  for (let at = message.indexOf(path); at >= 0; at = message.indexOf(path, at + 1)) {
    const before = message[at - 1];
    const after = message[at + path.length];
    if ((before === undefined || !/[\w.[\]]/.test(before)) && (after === undefined || !/\w/.test(after))) {
      return true;
    }
  }
  return false;
}
