import { operatorNotice } from '../internal/operator-notice.js';
import type { ListFetchCode } from './status-list-outcomes.js';

/** Where one status list stands after a failed fetch, as the operator is told it. */
export type ListOutage =
  | { readonly kind: 'never-loaded' }
  | { readonly kind: 'serving-stale'; readonly usableForMs: number }
  | { readonly kind: 'list-expired' };

/**
 * Tells the operator about a status list outage: once at its first failure, and once more should the last
 * good list stop serving in it. `where` is the list's URL without its query: an allowed prefix of the
 * configuration, never anything of the list's contents. Retries and requests say nothing more.
 */
export function sayListOutage(
  issuer: string,
  where: string,
  code: ListFetchCode,
  outage: ListOutage,
  refusing: boolean,
): void {
  const tokens = refusing ? 'its tokens are unverified' : 'its tokens are accepted unchecked';
  switch (outage.kind) {
    case 'never-loaded':
      operatorNotice.error(
        `otel-jwt: status list ${where} of issuer ${issuer} could not be loaded (${code}); ${tokens} until a fetch succeeds (retried in the background)`,
      );
      return;
    case 'serving-stale':
      operatorNotice.warn(
        `otel-jwt: refresh of status list ${where} of issuer ${issuer} failed (${code}); the last good list keeps serving for up to ${Math.ceil(outage.usableForMs / 60_000)} min while retries go on`,
      );
      return;
    case 'list-expired':
      operatorNotice.error(
        `otel-jwt: status list ${where} of issuer ${issuer} is no longer usable: refreshes fail (${code}) and the last good list expired; ${tokens} until a fetch succeeds`,
      );
      return;
  }
}

/** The end of an outage, said once, where the operator saw its start. */
export function sayListRecovery(issuer: string, where: string, failures: number): void {
  operatorNotice.warn(
    `otel-jwt: status list ${where} of issuer ${issuer} loaded after ${failures} failed fetch${failures === 1 ? '' : 'es'}`,
  );
}
