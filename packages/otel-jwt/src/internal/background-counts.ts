import type { IssuerOutcomeCounts } from './outcome-counts.js';

/** The outcome counts of the work done in the background, for the metrics of one telemetry. */
export interface BackgroundCounts {
  /** Key set fetches (`keys/`). */
  readonly keyRefreshes?: IssuerOutcomeCounts;
  /** Status list fetches (`revocation/`). */
  readonly statusListFetches?: IssuerOutcomeCounts;
  /** Introspection requests (`revocation/`). */
  readonly introspectionRequests?: IssuerOutcomeCounts;
  /** Deny-list document fetches (`revocation/`), under the empty issuer name. */
  readonly denyListFetches?: IssuerOutcomeCounts;
}

let inScope: BackgroundCounts | undefined;

/**
 * Runs `build` (which creates a verifier from its configuration, and so its key sources, status lists,
 * deny-list and introspection clients) with `counts` in scope: each source made meanwhile counts its
 * fetches there for as long as it lives. The verifier keeps its sources to itself, and a telemetry's
 * metrics must count its own verifier's fetches only, not those of another telemetry in the same process;
 * this ties the two at construction, which is synchronous. Undefined `counts` means nothing built now is
 * counted.
 */
export function countBackgroundWork<T>(counts: BackgroundCounts | undefined, build: () => T): T {
  const outer = inScope;
  inScope = counts;
  try {
    return build();
  } finally {
    inScope = outer;
  }
}

/** The counts a source made now reports to (see {@link countBackgroundWork}). */
export function backgroundCountsInScope(): BackgroundCounts | undefined {
  return inScope;
}
