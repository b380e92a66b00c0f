/**
 * Token Status List checks of one trusted issuer (draft-ietf-oauth-status-list): a token carrying
 * `status: { status_list: { idx, uri } }` is looked up in the list its issuer publishes at `uri`, a signed
 * status list token fetched and refreshed in the background.
 */
export interface StatusListConfig {
  /**
   * `'when-present'`: tokens carrying a `status` claim are checked, others pass. `'required'`: a token
   * without one is refused (`missing_claim`).
   */
  readonly mode: 'when-present' | 'required';
  /**
   * URL prefixes a `status_list.uri` must start with, compared on the parsed URL (scheme, host, port,
   * then the path by whole segments): https, or http on a loopback host only; no query or fragment.
   * At least one. A token naming another URL is refused (`invalid_status_reference`) and never fetched.
   */
  readonly allowedUris: readonly string[];
  /**
   * What a token gets while its list cannot be had (not fetched yet, or failing past the stale-if-error
   * window): `'refuse'` (unverified, `status_unavailable`) or `'accept'`. Default: `'refuse'`.
   */
  readonly whenUnavailable?: 'refuse' | 'accept';
  /** Timeout of one list request, in milliseconds, 1 to 300000. Default: 5000. */
  readonly fetchTimeoutMilliseconds?: number;
  /** Largest accepted response body (the status list token), in bytes, 1024 to 16777216. Default: 1048576. */
  readonly maxResponseBytes?: number;
  /**
   * Largest decompressed list, in bytes, 1024 to 134217728. Default: 16777216. A list inflating past it
   * (a decompression bomb) is refused without ever being inflated whole.
   */
  readonly maxListBytes?: number;
  /** Refresh interval of a list without `ttl`, in seconds, between `minTtlSeconds` and `maxTtlSeconds`. Default: 300. */
  readonly defaultTtlSeconds?: number;
  /** Lower bound on a list's `ttl`, in seconds, 1 to 2147483. Default: 10. */
  readonly minTtlSeconds?: number;
  /** Upper bound on a list's `ttl`, in seconds, 1 to 2147483. Default: 86400. */
  readonly maxTtlSeconds?: number;
  /** How long a list keeps serving past its due refresh while refreshes fail, in seconds, 0 to 86400. Default: 600. */
  readonly staleIfErrorSeconds?: number;
  /** Most lists kept for the issuer, 1 to 10000; the least recently used one goes first. Default: 64. */
  readonly maxLists?: number;
}
