import { operatorNotice } from '../internal/operator-notice.js';
import type { KeySourceErrorCode } from './key-source-error.js';

/** Where an issuer's keys stand after a failed fetch, as the operator is told it. */
export type KeyOutage =
  | { readonly kind: 'never-loaded' }
  | { readonly kind: 'serving-stale'; readonly usableForMs: number }
  | { readonly kind: 'keys-expired' };

/**
 * Tells the operator about a key outage: once at its first failure, and once more should the last good
 * keys expire in it (the caller decides when). Retries say nothing more (keyStatus() has the latest code),
 * and requests never say anything.
 */
export function sayKeyOutage(issuer: string, code: KeySourceErrorCode, outage: KeyOutage): void {
  switch (outage.kind) {
    case 'never-loaded':
      operatorNotice.error(
        `otel-jwt: no keys loaded for issuer ${issuer}: the first key fetch failed (${code}); its tokens are unverified until a fetch succeeds (retried in the background)`,
      );
      return;
    case 'serving-stale':
      operatorNotice.warn(
        `otel-jwt: key refresh for issuer ${issuer} failed (${code}); the last good keys keep serving for up to ${Math.ceil(outage.usableForMs / 60_000)} min while retries go on`,
      );
      return;
    case 'keys-expired':
      operatorNotice.error(
        `otel-jwt: no keys available for issuer ${issuer}: refreshes fail (${code}) and the last good keys expired; its tokens are unverified until a fetch succeeds`,
      );
      return;
  }
}

/** The end of an outage, said once, where the operator saw its start. */
export function sayKeyRecovery(issuer: string, failures: number): void {
  operatorNotice.warn(
    `otel-jwt: key fetch for issuer ${issuer} succeeded after ${failures} failure${failures === 1 ? '' : 's'}`,
  );
}
