import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import type { Env } from '../../src/register/register-env-values.js';
import { nameVariables, telemetryFromEnv } from '../../src/register/register-telemetry.js';
import {
  expectVariableError,
  REGISTER_SECRET,
  REQUIRED_ENV,
  registerFiles,
} from '../support/register-env-fixtures.js';

const files = registerFiles();
afterAll(() => files.remove());

const publicJwk = {
  ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }),
  kid: 'k1',
  alg: 'ES256',
};
/** Static keys: the telemetry is created without any fetch. */
const JWKS_FILE = files.write('jwks.json', JSON.stringify({ keys: [publicJwk] }));
const valid: Env = { ...REQUIRED_ENV, OTEL_JWT_JWKS_FILE: JWKS_FILE, OTEL_JWT_HMAC_KEY: REGISTER_SECRET };
const create = (env: Env) => () => telemetryFromEnv({ ...valid, ...env });
const INTROSPECTION: Env = {
  OTEL_JWT_INTROSPECTION_ENDPOINT: 'https://idp.example/introspect',
  OTEL_JWT_INTROSPECTION_CLIENT_ID: 'orders',
  OTEL_JWT_INTROSPECTION_CLIENT_SECRET_FILE: files.write('client-secret', 'client-secret-value'),
};
const DENY_LIST_URL = 'https://revocations.example/denied.json';

describe('telemetryFromEnv', () => {
  it('creates the telemetry of a valid configuration, with its static keys ready', async () => {
    const { jwt, keyed } = telemetryFromEnv({ ...valid, OTEL_JWT_CLAIMS: 'tenant=tenant.id' });
    expect(keyed).toBe(true);
    await jwt.ready();
    expect(jwt.verifier.keyStatus()).toMatchObject([
      { issuer: 'https://idp.example', state: 'static', keyCount: 1 },
    ]);
    await jwt.shutdown();
  });

  it('tells whether the deployment is keyed, for the warning logged once the SDK logger is set', async () => {
    const { jwt, keyed } = telemetryFromEnv({ ...valid, OTEL_JWT_HMAC_KEY: '' });
    expect(keyed).toBe(false);
    await jwt.shutdown();
  });

  const mistakes: [string, Env, string, RegExp][] = [
    [
      'a value out of range',
      { OTEL_JWT_CLOCK_TOLERANCE_SECONDS: '7200' },
      'OTEL_JWT_CLOCK_TOLERANCE_SECONDS',
      /clockToleranceSeconds must be a number from 0 to 3600/,
    ],
    [
      'a fraction where a whole number is needed',
      { OTEL_JWT_MAX_JSON_DEPTH: '2.5' },
      'OTEL_JWT_MAX_JSON_DEPTH',
      /maxJsonDepth must be an integer/,
    ],
    ['an unknown algorithm', { OTEL_JWT_ALGORITHMS: 'ES256,none' }, 'OTEL_JWT_ALGORITHMS', /algorithms/],
    [
      'a plain-http key endpoint off loopback',
      { OTEL_JWT_JWKS_FILE: '', OTEL_JWT_JWKS_URI: 'http://idp.example/jwks' },
      'OTEL_JWT_JWKS_URI',
      /jwksUri/,
    ],
    [
      'a JWKS file that is not a JWK set',
      { OTEL_JWT_JWKS_FILE: files.write('array.json', '[1, 2]') },
      'OTEL_JWT_JWKS_FILE',
      /JWK set/,
    ],
    [
      'an HMAC key under 32 bytes',
      { OTEL_JWT_HMAC_KEY: 'short-secret-value' },
      'OTEL_JWT_HMAC_KEY',
      /hmacKey must be .* at least 32 bytes/,
    ],
    [
      'an HMAC key file under 32 bytes',
      { OTEL_JWT_HMAC_KEY: '', OTEL_JWT_HMAC_KEY_FILE: files.write('short', 'short-secret-value') },
      'OTEL_JWT_HMAC_KEY_FILE',
      /at least 32 bytes/,
    ],
    [
      'a reserved claim key',
      { OTEL_JWT_CLAIMS: 'tenant=jwt.tenant' },
      'OTEL_JWT_CLAIMS',
      /claims\.tenant must map to a key/,
    ],
    [
      'a reserved token header',
      { OTEL_JWT_TOKEN_SOURCES: 'header:cookie' },
      'OTEL_JWT_TOKEN_SOURCES',
      /tokenSources\[0\]\.name/,
    ],
    [
      'a destination that is not an origin',
      { OTEL_JWT_TRUSTED_DESTINATIONS: 'https://*.com' },
      'OTEL_JWT_TRUSTED_DESTINATIONS',
      /trustedDestinations\[0\]/,
    ],
    [
      'a forwarding destination that is not an origin',
      { OTEL_JWT_FORWARD_TOKEN_TO: 'orders.internal' },
      'OTEL_JWT_FORWARD_TOKEN_TO',
      /forwardToken\.to\[0\]/,
    ],
    [
      'a baggage budget out of range',
      { OTEL_JWT_MAX_AUTH_BAGGAGE_BYTES: '100' },
      'OTEL_JWT_MAX_AUTH_BAGGAGE_BYTES',
      /from 256 to 4096/,
    ],
    [
      'an overlong credential key name',
      { OTEL_JWT_REDACTION_CREDENTIAL_KEYS: 'x'.repeat(200) },
      'OTEL_JWT_REDACTION_CREDENTIAL_KEYS',
      /credentialKeys/,
    ],
    [
      'a subject claim that names no user',
      { OTEL_JWT_SUBJECT_CLAIM: 'exp' },
      'OTEL_JWT_SUBJECT_CLAIM',
      /issuers\[0\]\.subjectClaim must name the string claim/,
    ],
    [
      'a plain-http status list prefix off loopback',
      {
        OTEL_JWT_STATUS_LIST: 'when-present',
        OTEL_JWT_STATUS_LIST_ALLOWED_URIS: 'http://idp.example/lists/',
      },
      'OTEL_JWT_STATUS_LIST_ALLOWED_URIS',
      /statusList\.allowedUris\[0\] must use https/,
    ],
    [
      'a plain-http deny-list document off loopback',
      { OTEL_JWT_DENY_LIST_URL: 'http://revocations.example/denied.json' },
      'OTEL_JWT_DENY_LIST_URL',
      /denyList\.url must use https/,
    ],
    [
      'a deny-list refresh out of range',
      { OTEL_JWT_DENY_LIST_URL: DENY_LIST_URL, OTEL_JWT_DENY_LIST_REFRESH_SECONDS: '0' },
      'OTEL_JWT_DENY_LIST_REFRESH_SECONDS',
      /denyList\.refreshSeconds must be a number from 1 to 86400/,
    ],
    [
      'a plain-http introspection endpoint off loopback',
      { ...INTROSPECTION, OTEL_JWT_INTROSPECTION_ENDPOINT: 'http://idp.example/introspect' },
      'OTEL_JWT_INTROSPECTION_ENDPOINT',
      /introspection\.endpoint must use https/,
    ],
    [
      'an introspection cache time out of range',
      { ...INTROSPECTION, OTEL_JWT_INTROSPECTION_MAX_CACHE_SECONDS: '7200' },
      'OTEL_JWT_INTROSPECTION_MAX_CACHE_SECONDS',
      /introspection\.maxCacheSeconds must be a number from 1 to 3600/,
    ],
  ];
  for (const [what, env, variable, fix] of mistakes) {
    it(`names ${variable} when the library refuses ${what}`, () => {
      expectVariableError(create(env), variable, fix, ['short-secret-value', 'client-secret-value']);
    });
  }

  it('names both variables of a rule that involves two', () => {
    expectVariableError(
      create({ OTEL_JWT_MIN_REFRESH_SECONDS: '600', OTEL_JWT_MAX_REFRESH_SECONDS: '60' }),
      'OTEL_JWT_MIN_REFRESH_SECONDS, OTEL_JWT_MAX_REFRESH_SECONDS',
      /minRefreshSeconds must not exceed keyRefresh\.maxRefreshSeconds/,
    );
  });
});

describe('nameVariables', () => {
  it('matches option names whole, not inside longer ones', () => {
    const env = { OTEL_JWT_MAX_TOKEN_BYTES: '1', OTEL_JWT_CLAIMS: 'a=b', OTEL_JWT_REQUIRED_CLAIMS: 'c' };
    const named = nameVariables(new ConfigurationError('issuers[0].requiredClaims must list names'), env);
    expect(named.message).toBe('OTEL_JWT_REQUIRED_CLAIMS: issuers[0].requiredClaims must list names');
  });

  it('falls back to the whole prefix when no set variable matches', () => {
    const named = nameVariables(new ConfigurationError('issuers must list at least one trusted issuer'), {});
    expect(named.message).toBe('the OTEL_JWT_* settings: issuers must list at least one trusted issuer');
  });
});
