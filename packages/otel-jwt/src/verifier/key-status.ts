import type { KeySourceErrorCode } from '../keys/key-source-error.js';
import type { IssuerPolicy } from './issuer-policy.js';

/**
 * State of one issuer's keys. `fresh`: last refresh succeeded. `stale`: refreshes fail, last good keys
 * still serve. `failed`: no usable keys (never loaded, or past the stale-if-error window).
 * `loading`: first fetch not finished. `static`: keys from the configuration.
 */
export type KeyState = 'static' | 'loading' | 'fresh' | 'stale' | 'failed';

export interface IssuerKeyStatus {
  readonly issuer: string;
  readonly source: 'static' | 'jwks-uri' | 'discovery';
  readonly state: KeyState;
  readonly keyCount: number;
  /** Epoch milliseconds of the last successful refresh, for remote keys. */
  readonly lastRefreshAtMilliseconds: number | undefined;
  /** Why the last refresh failed, when it did. */
  readonly lastErrorCode: KeySourceErrorCode | undefined;
}

export function keyStatusOf(policy: IssuerPolicy, nowMs: number): IssuerKeyStatus {
  const { source, ring } = policy;
  let state: KeyState = 'static';
  if (source !== undefined) {
    const usable = ring.size > 0 && nowMs < ring.usableUntilMs;
    if (!usable) state = source.attempts === 0 ? 'loading' : 'failed';
    else state = source.lastErrorCode === undefined ? 'fresh' : 'stale';
  }
  return {
    issuer: policy.issuer,
    source: policy.sourceType,
    state,
    keyCount: ring.size,
    lastRefreshAtMilliseconds: source?.lastSuccessMs,
    lastErrorCode: source?.lastErrorCode,
  };
}
