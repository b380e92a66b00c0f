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

let inScope: IssuerOutcomeCounts | undefined;

/**
 * Runs `build` (which creates a verifier from its configuration, and so its key sources) with `counts`
 * in scope: each remote key source made meanwhile counts its refreshes there for as long as it lives.
 * The verifier keeps its sources to itself, and a telemetry's metrics must count its own verifier's
 * refreshes only, not those of another telemetry in the same process; this ties the two at
 * construction, which is synchronous. Undefined `counts` means nothing built now is counted.
 */
export function countKeyRefreshes<T>(counts: IssuerOutcomeCounts | undefined, build: () => T): T {
  const outer = inScope;
  inScope = counts;
  try {
    return build();
  } finally {
    inScope = outer;
  }
}

/** The counts a key source made now reports its refreshes to (see {@link countKeyRefreshes}). */
export function keyRefreshCountsInScope(): IssuerOutcomeCounts | undefined {
  return inScope;
}
