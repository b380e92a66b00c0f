import type { JwsAlgorithm } from '../keys/algorithms.js';
import type { KeyRefreshConfig, KeySourceConfig } from '../keys/key-config.js';

/** Verification policy of one trusted issuer. */
export interface IssuerConfig {
  /** Exact `iss` value of the issuer's tokens. */
  readonly issuer: string;
  /** Accepted `aud` values; a token must name at least one. Required. */
  readonly audience: string | readonly string[];
  /** Where the issuer's keys come from. */
  readonly keys: KeySourceConfig;
  /**
   * Algorithm allow-list. Default: the algorithms of the static keys, or every supported asymmetric
   * algorithm for remote keys. A token's `alg` must also equal the algorithm its key is bound to.
   */
  readonly algorithms?: readonly JwsAlgorithm[];
  /**
   * Accepted `typ` header values, compared as jose does (case-insensitive, `application/` optional).
   * Default: `['JWT', 'at+jwt']` (plain JWTs and RFC 9068 access tokens).
   */
  readonly acceptedTypes?: readonly string[];
  /** What to do with a token that has no `typ` header. Default: `'accept'` (RFC 7519 makes `typ` optional). */
  readonly missingType?: 'accept' | 'reject';
  /** Leeway for `exp`, `nbf` and `iat`, in seconds, 0 to 3600. Default: 30. */
  readonly clockToleranceSeconds?: number;
  /** Largest accepted age (now - `iat`) in seconds, 0 to 31536000; makes `iat` required. Default: no limit. */
  readonly maxTokenAgeSeconds?: number;
  /** Claims that must be present. `iss`, `aud` and `exp` are always required, whatever this lists. Default: `[]`. */
  readonly requiredClaims?: readonly string[];
}

/** Configuration of {@link createJwtVerifier}. */
export interface JwtVerifierConfig {
  /** Trusted issuers; at least one, each `issuer` once. */
  readonly issuers: readonly IssuerConfig[];
  /** Largest accepted token, in characters (a compact JWS is ASCII), 16 to 1048576. Default: 8192. */
  readonly maxTokenBytes?: number;
  /** Deepest accepted nesting of objects and arrays in the header or claims, 1 to 64. Default: 16. */
  readonly maxJsonDepth?: number;
  /** Capacity of the verified-token cache, in entries, 0 to 10000000; 0 turns caching off. Default: 10000. */
  readonly cacheMaxEntries?: number;
  /** Background fetching of remote key sets. */
  readonly keyRefresh?: KeyRefreshConfig;
}
