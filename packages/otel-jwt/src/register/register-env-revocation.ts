import type { DenyListConfig } from '../revocation/deny-list-config.js';
import type { IntrospectionConfig } from '../revocation/introspection-config.js';
import type { StatusListConfig } from '../revocation/status-list-config.js';
import { clientSecretFile } from './register-env-secrets.js';
import {
  type Env,
  envChoice,
  envList,
  envNumber,
  envString,
  invalidVariable,
  option,
} from './register-env-values.js';

// The variables of docs/revocation.md: a status list, a deny-list document, introspection. A variable
// that refines a check which is not on is a mistake, as OTEL_JWT_ADMISSION_MAX_KEY_WAIT_MILLISECONDS is
// with the admission step off: whoever set it believes the check runs.

const STATUS_LIST = 'OTEL_JWT_STATUS_LIST';
const ALLOWED_URIS = 'OTEL_JWT_STATUS_LIST_ALLOWED_URIS';
const LIST_UNAVAILABLE = 'OTEL_JWT_STATUS_LIST_WHEN_UNAVAILABLE';
const DENY_LIST_URL = 'OTEL_JWT_DENY_LIST_URL';
const DENY_LIST_REFRESH = 'OTEL_JWT_DENY_LIST_REFRESH_SECONDS';
const DENY_LIST_UNAVAILABLE = 'OTEL_JWT_DENY_LIST_WHEN_UNAVAILABLE';
const ENDPOINT = 'OTEL_JWT_INTROSPECTION_ENDPOINT';
const CLIENT_ID = 'OTEL_JWT_INTROSPECTION_CLIENT_ID';
const CLIENT_SECRET_FILE = 'OTEL_JWT_INTROSPECTION_CLIENT_SECRET_FILE';
const MAX_CACHE = 'OTEL_JWT_INTROSPECTION_MAX_CACHE_SECONDS';

const UNAVAILABLE = ['refuse', 'accept'] as const;

/** `OTEL_JWT_STATUS_LIST` (`off`, the default, `when-present` or `required`) and its two refinements. */
export function statusListConfig(env: Env): StatusListConfig | undefined {
  const mode = envChoice(env, STATUS_LIST, ['off', 'when-present', 'required'] as const);
  const allowedUris = envList(env, ALLOWED_URIS);
  const whenUnavailable = envChoice(env, LIST_UNAVAILABLE, UNAVAILABLE);
  if (mode === undefined || mode === 'off') {
    refuseStray(
      { [ALLOWED_URIS]: allowedUris, [LIST_UNAVAILABLE]: whenUnavailable },
      `is set while ${STATUS_LIST} is off; set ${STATUS_LIST} to when-present or required, or unset it`,
    );
    return undefined;
  }
  if (allowedUris === undefined) {
    throw invalidVariable(
      ALLOWED_URIS,
      `is required when ${STATUS_LIST} is ${mode}: the URL prefixes of the issuer's status lists, comma-separated, such as https://idp.example/status-lists/`,
    );
  }
  return { mode, allowedUris, ...option('whenUnavailable', whenUnavailable) };
}

/** `OTEL_JWT_DENY_LIST_URL` and its refresh interval and unavailability outcome. */
export function denyListConfig(env: Env): DenyListConfig | undefined {
  const url = envString(env, DENY_LIST_URL);
  const refreshSeconds = envNumber(env, DENY_LIST_REFRESH);
  const whenUnavailable = envChoice(env, DENY_LIST_UNAVAILABLE, UNAVAILABLE);
  if (url === undefined) {
    refuseStray(
      { [DENY_LIST_REFRESH]: refreshSeconds, [DENY_LIST_UNAVAILABLE]: whenUnavailable },
      `is set without ${DENY_LIST_URL}; set the URL of the deny-list document, or unset it`,
    );
    return undefined;
  }
  return {
    url,
    ...option('refreshSeconds', refreshSeconds),
    ...option('whenUnavailable', whenUnavailable),
  };
}

/**
 * Introspection of opaque tokens: the endpoint, the client id and the client secret's file all together
 * or none of them, and the answers' cache time. `admissionOff`: the admission step, which alone
 * introspects, is off, so that every opaque token would stay unverified.
 */
export function introspectionConfig(env: Env, admissionOff: boolean): IntrospectionConfig | undefined {
  const endpoint = envString(env, ENDPOINT);
  const id = envString(env, CLIENT_ID);
  const secret = clientSecretFile(env, CLIENT_SECRET_FILE);
  const maxCacheSeconds = envNumber(env, MAX_CACHE);
  const parts: Record<string, string | undefined> = {
    [ENDPOINT]: endpoint,
    [CLIENT_ID]: id,
    [CLIENT_SECRET_FILE]: secret,
  };
  if (endpoint === undefined && id === undefined && secret === undefined) {
    refuseStray(
      { [MAX_CACHE]: maxCacheSeconds },
      `is set without ${ENDPOINT}, ${CLIENT_ID} and ${CLIENT_SECRET_FILE}; set them, or unset it`,
    );
    return undefined;
  }
  if (endpoint === undefined || id === undefined || secret === undefined) {
    const missing = Object.keys(parts).filter((name) => parts[name] === undefined);
    const given = Object.keys(parts).filter((name) => parts[name] !== undefined);
    throw invalidVariable(
      missing.join(' and '),
      `${missing.length === 1 ? 'is' : 'are'} required too: introspection takes ${ENDPOINT}, ${CLIENT_ID} and ${CLIENT_SECRET_FILE} together, and only ${given.join(' and ')} ${given.length === 1 ? 'is' : 'are'} set`,
    );
  }
  if (admissionOff) {
    throw invalidVariable(
      ENDPOINT,
      'is set while OTEL_JWT_ADMISSION is off: only the admission step introspects, so every opaque token would stay unverified; turn the admission step on, or unset the OTEL_JWT_INTROSPECTION_* variables',
    );
  }
  return { endpoint, client: { id, secret }, ...option('maxCacheSeconds', maxCacheSeconds) };
}

/** Throws `problem` for the first of `refinements` that is set. */
function refuseStray(refinements: Record<string, unknown>, problem: string): void {
  const stray = Object.keys(refinements).find((name) => refinements[name] !== undefined);
  if (stray !== undefined) throw invalidVariable(stray, problem);
}
