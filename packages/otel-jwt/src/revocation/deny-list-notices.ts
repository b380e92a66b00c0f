import { operatorNotice } from '../internal/operator-notice.js';
import type { DenyListSettings } from './deny-list-settings.js';

/** The failure code, with the option to look at when the document itself was refused. */
function described(code: string): string {
  if (code === 'too_many_entries') return 'too_many_entries: more live entries than denyList.maxEntries';
  if (code === 'response_too_large') return 'response_too_large: larger than denyList.maxResponseBytes';
  return code;
}

/** What tokens get while the document is unavailable, as the operator is told it. */
function consequence(settings: DenyListSettings): string {
  return settings.whenUnavailable === 'refuse'
    ? 'tokens are refused as unverified (status_unavailable)'
    : 'tokens are accepted without it (denyList.whenUnavailable is "accept"); in-process revocations still apply';
}

/**
 * Tells the operator about a deny-list outage once, at its first failure: the document never loaded, or
 * the last good one keeps serving for `usableForMs` more. Retries say nothing more.
 */
export function sayDenyListOutage(
  settings: DenyListSettings,
  code: string,
  usableForMs: number | undefined,
): void {
  if (usableForMs === undefined) {
    operatorNotice.error(
      `otel-jwt: the deny-list document could not be loaded (${described(code)}); until a fetch succeeds ${consequence(settings)} (retried in the background)`,
    );
    return;
  }
  operatorNotice.warn(
    `otel-jwt: deny-list refresh failed (${described(code)}); the last good document keeps serving for up to ${Math.ceil(usableForMs / 60_000)} min while retries go on`,
  );
}

/** The last good document went past `staleIfErrorSeconds` in an outage: said once, when it happens. */
export function sayDenyListExpired(settings: DenyListSettings, code: string | undefined): void {
  operatorNotice.error(
    `otel-jwt: the deny-list document is stale past denyList.staleIfErrorSeconds (refreshes fail: ${code === undefined ? 'no answer yet' : described(code)}); until a fetch succeeds ${consequence(settings)}`,
  );
}

/** The end of an outage, said once, where the operator saw its start. */
export function sayDenyListRecovery(failures: number): void {
  operatorNotice.warn(
    `otel-jwt: deny-list fetch succeeded after ${failures} failure${failures === 1 ? '' : 's'}`,
  );
}
