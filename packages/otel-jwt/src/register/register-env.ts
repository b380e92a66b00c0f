import type { JwsAlgorithm } from '../keys/algorithms.js';
import type { KeyRefreshConfig, KeySourceConfig } from '../keys/key-config.js';
import type { JwtTelemetryConfig, TokenSource } from '../propagator/telemetry-config.js';
import type { IssuerConfig, JwtVerifierConfig } from '../verifier/verifier-config.js';
import { parseClaimMappings } from './register-env-claims.js';
import { checkKnownVariables } from './register-env-names.js';
import { denyListConfig, introspectionConfig, statusListConfig } from './register-env-revocation.js';
import { hmacKey } from './register-env-secrets.js';
import {
  type Env,
  envChoice,
  envFile,
  envList,
  envNumber,
  envString,
  invalidVariable,
  option,
} from './register-env-values.js';

/**
 * Each `OTEL_JWT_*` variable and the option it sets, as `createJwtTelemetry` names that option in its
 * error messages (so that a message about the option can name the variable instead).
 */
export const REGISTER_VARIABLES: Readonly<Record<string, string>> = {
  OTEL_JWT_ISSUER: 'issuers[0].issuer',
  OTEL_JWT_AUDIENCE: 'issuers[0].audience',
  OTEL_JWT_JWKS_URI: 'issuers[0].keys',
  OTEL_JWT_JWKS_FILE: 'issuers[0].keys',
  OTEL_JWT_ALGORITHMS: 'issuers[0].algorithms',
  OTEL_JWT_ACCEPTED_TYPES: 'issuers[0].acceptedTypes',
  OTEL_JWT_MISSING_TYPE: 'issuers[0].missingType',
  OTEL_JWT_CLOCK_TOLERANCE_SECONDS: 'issuers[0].clockToleranceSeconds',
  OTEL_JWT_MAX_TOKEN_AGE_SECONDS: 'issuers[0].maxTokenAgeSeconds',
  OTEL_JWT_REQUIRED_CLAIMS: 'issuers[0].requiredClaims',
  OTEL_JWT_SUBJECT_CLAIM: 'issuers[0].subjectClaim',
  OTEL_JWT_STATUS_LIST: 'issuers[0].statusList.mode',
  OTEL_JWT_STATUS_LIST_ALLOWED_URIS: 'issuers[0].statusList.allowedUris',
  OTEL_JWT_STATUS_LIST_WHEN_UNAVAILABLE: 'issuers[0].statusList.whenUnavailable',
  OTEL_JWT_INTROSPECTION_ENDPOINT: 'issuers[0].introspection.endpoint',
  OTEL_JWT_INTROSPECTION_CLIENT_ID: 'issuers[0].introspection.client.id',
  OTEL_JWT_INTROSPECTION_CLIENT_SECRET_FILE: 'issuers[0].introspection.client.secret',
  OTEL_JWT_INTROSPECTION_MAX_CACHE_SECONDS: 'issuers[0].introspection.maxCacheSeconds',
  OTEL_JWT_MAX_TOKEN_BYTES: 'maxTokenBytes',
  OTEL_JWT_MAX_JSON_DEPTH: 'maxJsonDepth',
  OTEL_JWT_CACHE_MAX_ENTRIES: 'cacheMaxEntries',
  OTEL_JWT_FETCH_TIMEOUT_MILLISECONDS: 'keyRefresh.fetchTimeoutMilliseconds',
  OTEL_JWT_MAX_RESPONSE_BYTES: 'keyRefresh.maxResponseBytes',
  OTEL_JWT_DEFAULT_REFRESH_SECONDS: 'keyRefresh.defaultRefreshSeconds',
  OTEL_JWT_MIN_REFRESH_SECONDS: 'keyRefresh.minRefreshSeconds',
  OTEL_JWT_MAX_REFRESH_SECONDS: 'keyRefresh.maxRefreshSeconds',
  OTEL_JWT_COOLDOWN_SECONDS: 'keyRefresh.cooldownSeconds',
  OTEL_JWT_STALE_IF_ERROR_SECONDS: 'keyRefresh.staleIfErrorSeconds',
  OTEL_JWT_DENY_LIST_URL: 'denyList.url',
  OTEL_JWT_DENY_LIST_REFRESH_SECONDS: 'denyList.refreshSeconds',
  OTEL_JWT_DENY_LIST_WHEN_UNAVAILABLE: 'denyList.whenUnavailable',
  OTEL_JWT_TOKEN_SOURCES: 'tokenSources',
  OTEL_JWT_CLAIMS: 'claims',
  OTEL_JWT_SUBJECT_ON_SPANS: 'subject.onSpans',
  OTEL_JWT_SUBJECT_IN_BAGGAGE: 'subject.inBaggage',
  OTEL_JWT_HMAC_KEY: 'hmacKey',
  OTEL_JWT_HMAC_KEY_FILE: 'hmacKey',
  OTEL_JWT_HMAC_VERIFY_KEY_FILES: 'hmacKey',
  OTEL_JWT_TRUSTED_DESTINATIONS: 'trustedDestinations',
  OTEL_JWT_FORWARD_TOKEN_TO: 'forwardToken.to',
  OTEL_JWT_PROTECTED_BAGGAGE_KEYS: 'protectedBaggageKeys',
  OTEL_JWT_CHILD_SPAN_ATTRIBUTES: 'childSpanAttributes',
  OTEL_JWT_MAX_AUTH_BAGGAGE_BYTES: 'maxAuthBaggageBytes',
  OTEL_JWT_REDACTION_CREDENTIAL_KEYS: 'redaction.credentialKeys',
  OTEL_JWT_REDACTION_QUERY_PARAMETERS: 'redaction.queryParameters',
  OTEL_JWT_ADMISSION: 'admission',
  OTEL_JWT_ADMISSION_MAX_KEY_WAIT_MILLISECONDS: 'admission.maxKeyWaitMilliseconds',
};

/**
 * The `createJwtTelemetry` configuration the `OTEL_JWT_*` variables of `env` describe: one issuer,
 * keys by OIDC discovery unless `OTEL_JWT_JWKS_URI` or `OTEL_JWT_JWKS_FILE` is set. Reads the files
 * named by `*_FILE` variables and nothing else. Throws a `ConfigurationError` naming the variable for
 * a missing required variable, an unknown `OTEL_JWT_*` variable (a misspelling must not silently keep
 * a default) and a value of the wrong form; the values themselves are checked by `createJwtTelemetry`.
 */
export function registerTelemetryConfig(env: Env): JwtTelemetryConfig {
  checkKnownVariables(env, Object.keys(REGISTER_VARIABLES));
  const subject = {
    ...option('onSpans', envChoice(env, 'OTEL_JWT_SUBJECT_ON_SPANS', ['pseudonym', 'raw'] as const)),
    ...option('inBaggage', envChoice(env, 'OTEL_JWT_SUBJECT_IN_BAGGAGE', ['never', 'raw'] as const)),
  };
  const redaction = {
    ...option('credentialKeys', envList(env, 'OTEL_JWT_REDACTION_CREDENTIAL_KEYS')),
    ...option('queryParameters', envList(env, 'OTEL_JWT_REDACTION_QUERY_PARAMETERS')),
  };
  const forwardTo = envList(env, 'OTEL_JWT_FORWARD_TOKEN_TO');
  return {
    verifier: verifierConfig(env),
    ...option('tokenSources', tokenSources(env, 'OTEL_JWT_TOKEN_SOURCES')),
    ...option('claims', parseClaimMappings(env, 'OTEL_JWT_CLAIMS')),
    ...(Object.keys(subject).length === 0 ? {} : { subject }),
    ...option('hmacKey', hmacKey(env)),
    ...option('trustedDestinations', envList(env, 'OTEL_JWT_TRUSTED_DESTINATIONS')),
    ...(forwardTo === undefined ? {} : { forwardToken: { to: forwardTo } }),
    ...option('protectedBaggageKeys', envList(env, 'OTEL_JWT_PROTECTED_BAGGAGE_KEYS')),
    ...option('childSpanAttributes', envList(env, 'OTEL_JWT_CHILD_SPAN_ATTRIBUTES')),
    ...option('maxAuthBaggageBytes', envNumber(env, 'OTEL_JWT_MAX_AUTH_BAGGAGE_BYTES')),
    ...(Object.keys(redaction).length === 0 ? {} : { redaction }),
    ...option('admission', admission(env)),
  };
}

/** Whether `OTEL_JWT_ADMISSION` is `off` (it is `on` by default). */
function admissionOff(env: Env): boolean {
  return envChoice(env, 'OTEL_JWT_ADMISSION', ['on', 'off'] as const) === 'off';
}

/** `OTEL_JWT_ADMISSION` (`on`, the default, or `off`) and the key wait of the admission step. */
function admission(env: Env): JwtTelemetryConfig['admission'] {
  const maxKeyWait = envNumber(env, 'OTEL_JWT_ADMISSION_MAX_KEY_WAIT_MILLISECONDS');
  if (admissionOff(env)) {
    if (maxKeyWait !== undefined) {
      throw invalidVariable(
        'OTEL_JWT_ADMISSION_MAX_KEY_WAIT_MILLISECONDS',
        'is set while OTEL_JWT_ADMISSION is off; unset one of them',
      );
    }
    return 'off';
  }
  return maxKeyWait === undefined ? undefined : { maxKeyWaitMilliseconds: maxKeyWait };
}

function verifierConfig(env: Env): JwtVerifierConfig {
  const keyRefresh: KeyRefreshConfig = {
    ...option('fetchTimeoutMilliseconds', envNumber(env, 'OTEL_JWT_FETCH_TIMEOUT_MILLISECONDS')),
    ...option('maxResponseBytes', envNumber(env, 'OTEL_JWT_MAX_RESPONSE_BYTES')),
    ...option('defaultRefreshSeconds', envNumber(env, 'OTEL_JWT_DEFAULT_REFRESH_SECONDS')),
    ...option('minRefreshSeconds', envNumber(env, 'OTEL_JWT_MIN_REFRESH_SECONDS')),
    ...option('maxRefreshSeconds', envNumber(env, 'OTEL_JWT_MAX_REFRESH_SECONDS')),
    ...option('cooldownSeconds', envNumber(env, 'OTEL_JWT_COOLDOWN_SECONDS')),
    ...option('staleIfErrorSeconds', envNumber(env, 'OTEL_JWT_STALE_IF_ERROR_SECONDS')),
  };
  return {
    issuers: [issuerConfig(env)],
    ...option('maxTokenBytes', envNumber(env, 'OTEL_JWT_MAX_TOKEN_BYTES')),
    ...option('maxJsonDepth', envNumber(env, 'OTEL_JWT_MAX_JSON_DEPTH')),
    ...option('cacheMaxEntries', envNumber(env, 'OTEL_JWT_CACHE_MAX_ENTRIES')),
    ...(Object.keys(keyRefresh).length === 0 ? {} : { keyRefresh }),
    ...option('denyList', denyListConfig(env)),
  };
}

function issuerConfig(env: Env): IssuerConfig {
  const issuer = envString(env, 'OTEL_JWT_ISSUER');
  if (issuer === undefined) {
    throw invalidVariable('OTEL_JWT_ISSUER', 'is required: the exact "iss" of the tokens to verify');
  }
  const audience = envList(env, 'OTEL_JWT_AUDIENCE');
  if (audience === undefined) {
    throw invalidVariable(
      'OTEL_JWT_AUDIENCE',
      'is required: the audiences this service accepts, comma-separated',
    );
  }
  return {
    issuer,
    audience,
    keys: keySource(env),
    // The library checks the names; the cast only narrows the type.
    ...option('algorithms', envList(env, 'OTEL_JWT_ALGORITHMS') as JwsAlgorithm[] | undefined),
    ...option('acceptedTypes', envList(env, 'OTEL_JWT_ACCEPTED_TYPES')),
    ...option('missingType', envChoice(env, 'OTEL_JWT_MISSING_TYPE', ['accept', 'reject'] as const)),
    ...option('clockToleranceSeconds', envNumber(env, 'OTEL_JWT_CLOCK_TOLERANCE_SECONDS')),
    ...option('maxTokenAgeSeconds', envNumber(env, 'OTEL_JWT_MAX_TOKEN_AGE_SECONDS')),
    ...option('requiredClaims', envList(env, 'OTEL_JWT_REQUIRED_CLAIMS')),
    ...option('subjectClaim', envString(env, 'OTEL_JWT_SUBJECT_CLAIM')),
    ...option('statusList', statusListConfig(env)),
    ...option('introspection', introspectionConfig(env, admissionOff(env))),
  };
}

function keySource(env: Env): KeySourceConfig {
  const jwksUri = envString(env, 'OTEL_JWT_JWKS_URI');
  const file = envFile(env, 'OTEL_JWT_JWKS_FILE');
  if (jwksUri !== undefined && file !== undefined) {
    throw invalidVariable('OTEL_JWT_JWKS_URI', 'and OTEL_JWT_JWKS_FILE are both set; give the keys one way');
  }
  if (jwksUri !== undefined) return { type: 'jwks-uri', jwksUri };
  if (file === undefined) return { type: 'discovery' };
  let jwks: unknown;
  try {
    jwks = JSON.parse(file.toString('utf8'));
  } catch {
    throw invalidVariable('OTEL_JWT_JWKS_FILE', 'names a file that is not JSON; it must hold a JWK set');
  }
  return { type: 'static', keys: [{ type: 'jwks', jwks: jwks as { keys: [] } }] };
}

function tokenSources(env: Env, name: string): TokenSource[] | undefined {
  return envList(env, name)?.map((entry, index): TokenSource => {
    if (entry === 'authorization') return { type: 'authorization' };
    const colon = entry.indexOf(':');
    const type = entry.slice(0, colon);
    const sourceName = entry.slice(colon + 1);
    if ((type !== 'header' && type !== 'cookie') || sourceName === '') {
      throw invalidVariable(
        name,
        `entry ${index + 1} must be authorization, header:<name> or cookie:<name>, such as authorization,cookie:session`,
      );
    }
    return { type, name: sourceName };
  });
}
