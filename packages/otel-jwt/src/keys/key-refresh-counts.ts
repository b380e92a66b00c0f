import { backgroundCountsInScope } from '../internal/background-counts.js';
import { IssuerOutcomeCounts } from '../internal/outcome-counts.js';
import type { KeySourceErrorCode } from './key-source-error.js';

/** Every outcome of one key refresh; a record, so that a new error code cannot be left out. */
const OUTCOMES: Readonly<Record<'success' | KeySourceErrorCode, true>> = {
  success: true,
  fetch_timeout: true,
  fetch_failed: true,
  http_error: true,
  response_too_large: true,
  invalid_json: true,
  invalid_jwks: true,
  no_usable_keys: true,
  invalid_discovery: true,
  discovery_issuer_mismatch: true,
};

/** `success`, then each `KeySourceErrorCode`. */
export const KEY_REFRESH_OUTCOMES: readonly string[] = Object.keys(OUTCOMES);

/** Refresh outcomes per issuer of the key sources built while these counts were in scope. */
export function keyRefreshCounts(): IssuerOutcomeCounts {
  return new IssuerOutcomeCounts(KEY_REFRESH_OUTCOMES);
}

/** The counts a key source made now reports its refreshes to (see `countBackgroundWork`). */
export function keyRefreshCountsInScope(): IssuerOutcomeCounts | undefined {
  return backgroundCountsInScope()?.keyRefreshes;
}
