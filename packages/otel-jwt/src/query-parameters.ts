/**
 * Query parameters and JSON members that carry credentials in URLs (OAuth 2.0 and OIDC redirects,
 * token exchange, API keys) or in logged token responses. Matched case-insensitively by the
 * redaction; `instrumentation-http` matches its list exactly, so both spellings are listed.
 */
export const SENSITIVE_QUERY_PARAMETERS: readonly string[] = [
  'access_token',
  'accessToken',
  'id_token',
  'idToken',
  'refresh_token',
  'refreshToken',
  'token',
  'code',
  'jwt',
  'assertion',
  'client_assertion',
  'client_secret',
  'subject_token',
  'actor_token',
  'device_code',
  'api_key',
  'apikey',
  'apiKey',
  'key',
  'password',
  'secret',
  'session',
  'sessionid',
];

/** The defaults of `instrumentation-http`, kept when otel-jwt sets `redactedQueryParams`. */
export const INSTRUMENTATION_QUERY_DEFAULTS: readonly string[] = [
  'sig',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
];

/** Longest parameter name looked for; configured names are at most 128 characters. */
export const MAX_PARAMETER_CHARS = 128;

/** Every sensitive name, built-in and `extra`, in lower case. */
export function parameterNames(extra: readonly string[]): ReadonlySet<string> {
  return new Set(
    [...SENSITIVE_QUERY_PARAMETERS, ...INSTRUMENTATION_QUERY_DEFAULTS, ...extra].map((name) =>
      name.toLowerCase(),
    ),
  );
}
