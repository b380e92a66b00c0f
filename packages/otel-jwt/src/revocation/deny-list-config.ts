/**
 * A deny-list of `jti`s fetched from a URL in the background, in addition to `verifier.revoke`. The
 * document is JSON: `{ "revoked": [ { "jti": "<string>", "exp": <NumericDate> } ] }`, where `exp` is when
 * the entry may be dropped (the revoked token's own `exp` will do; the entry is kept for the largest
 * `clockToleranceSeconds` of the issuers after it, as long as the claims checks accept the token). A token
 * whose `jti` is listed is refused `revoked`, whatever its issuer.
 */
export interface DenyListConfig {
  /** URL of the deny-list document: https:, or http: on a loopback host. */
  readonly url: string;
  /**
   * Refresh interval, in seconds, 1 to 86400. Default: 30. A revocation reaches every service within one
   * interval.
   */
  readonly refreshSeconds?: number;
  /**
   * What a token gets while the document has never been had, or is stale past `staleIfErrorSeconds`:
   * `'refuse'` (unverified, `status_unavailable`) or `'accept'`. Default: `'refuse'`.
   */
  readonly whenUnavailable?: 'refuse' | 'accept';
  /**
   * How long the last good document keeps serving past its due refresh while refreshes fail, in seconds,
   * 0 to 86400. Default: 600. Entries of the last good document keep denying their tokens even after.
   */
  readonly staleIfErrorSeconds?: number;
  /** Timeout of one document request, in milliseconds, 1 to 300000. Default: 5000. */
  readonly fetchTimeoutMilliseconds?: number;
  /** Largest accepted document, in bytes, 1024 to 67108864. Default: 4194304 (4 MiB). */
  readonly maxResponseBytes?: number;
  /**
   * Most entries taken from the document and from `revoke()` each, 1 to 1000000. Default: 100000. A
   * document with more live entries is refused whole; `revoke()` past it throws `deny_list_full`.
   */
  readonly maxEntries?: number;
}
