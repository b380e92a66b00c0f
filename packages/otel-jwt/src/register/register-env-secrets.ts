import type { JwtTelemetryConfig } from '../propagator/telemetry-config.js';
import { type Env, envFile, envList, envString, invalidVariable } from './register-env-values.js';

/**
 * `hmacKey` from `OTEL_JWT_HMAC_KEY` or `OTEL_JWT_HMAC_KEY_FILE`, followed by the verify-only keys of a
 * rotation (`OTEL_JWT_HMAC_VERIFY_KEY_FILES`).
 */
export function hmacKey(env: Env): JwtTelemetryConfig['hmacKey'] {
  // Taken as it is, untrimmed: whitespace may be part of a secret, and the services must agree byte for byte.
  const value = env.OTEL_JWT_HMAC_KEY === '' ? undefined : env.OTEL_JWT_HMAC_KEY;
  if (value !== undefined && envString(env, 'OTEL_JWT_HMAC_KEY_FILE') !== undefined) {
    throw invalidVariable(
      'OTEL_JWT_HMAC_KEY',
      'and OTEL_JWT_HMAC_KEY_FILE are both set; give the key one way',
    );
  }
  // The file's bytes as they are, as `readFileSync` hands them to the programmatic configuration.
  const signing = value ?? envFile(env, 'OTEL_JWT_HMAC_KEY_FILE');
  // A rotation's other keys (README, Rotating hmacKey): they verify proofs, the key above makes them.
  const others = envList(env, 'OTEL_JWT_HMAC_VERIFY_KEY_FILES');
  if (others === undefined) return signing;
  if (signing === undefined) {
    throw invalidVariable(
      'OTEL_JWT_HMAC_VERIFY_KEY_FILES',
      'needs OTEL_JWT_HMAC_KEY or OTEL_JWT_HMAC_KEY_FILE: the key that makes proofs',
    );
  }
  return [signing, ...others.map(readKeyFile)];
}

/** One file of OTEL_JWT_HMAC_VERIFY_KEY_FILES, byte for byte; a read error names the variable. */
function readKeyFile(path: string): Buffer {
  const name = 'OTEL_JWT_HMAC_VERIFY_KEY_FILES';
  const bytes = envFile({ [name]: path }, name);
  if (bytes === undefined) throw invalidVariable(name, 'lists an empty file name');
  return bytes;
}

/** RFC 6749 Appendix A.2: a client secret is VSCHARs (printable ASCII, space included), no line break. */
const CLIENT_SECRET = /^[\x20-\x7e]+$/;

/**
 * The client secret in the file named by `name`, without its final line break (`echo secret > file`
 * writes one; a line break is never part of a client secret, unlike the bytes of an HMAC key). Only a
 * file is taken, never the secret itself in a variable: see docs/register.md. Messages never hold the
 * content.
 */
export function clientSecretFile(env: Env, name: string): string | undefined {
  const bytes = envFile(env, name);
  if (bytes === undefined) return undefined;
  const secret = bytes.toString('latin1').replace(/[\r\n]+$/, '');
  if (!CLIENT_SECRET.test(secret)) {
    throw invalidVariable(
      name,
      'names a file that does not hold a client secret: one line of printable ASCII characters (RFC 6749), a final line break aside',
    );
  }
  return secret;
}
