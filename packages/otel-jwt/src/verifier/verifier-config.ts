import type { JwsAlgorithm } from '../keys/algorithms.js';
import type { KeyRefreshConfig, KeySourceConfig } from '../keys/key-config.js';
import type { DenyListConfig } from '../revocation/deny-list-config.js';
import type { IntrospectionConfig } from '../revocation/introspection-config.js';
import type { StatusListConfig } from '../revocation/status-list-config.js';

/** Options every kind of issuer takes. */
export interface IssuerChecks {
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
  /**
   * Claims that must be present. `exp` is always required, and so are `iss` and `aud` of a trusted issuer,
   * whatever this lists. Default: `[]`.
   */
  readonly requiredClaims?: readonly string[];
  /**
   * The claim naming the user: proofs, `user.hash`, `user.id` and subject verdicts use it, and, when present,
   * it must be a string. Use `'oid'` for Microsoft Entra ID, whose `sub` differs per application.
   * Not `iss`, `aud`, `exp`, `nbf` or `iat`. Default: `'sub'`.
   */
  readonly subjectClaim?: string;
}

/** Verification policy of one trusted issuer. */
export interface TrustedIssuerConfig extends IssuerChecks {
  /** The kind of issuer; may be omitted. */
  readonly kind?: 'issuer';
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
   * Token Status List checks (draft-ietf-oauth-status-list): a token's `status` claim names an entry of a
   * list the issuer publishes, fetched and refreshed in the background. Default: off.
   */
  readonly statusList?: StatusListConfig;
  /**
   * Opaque (reference) access tokens of this issuer, checked by introspection (RFC 7662) in the admission
   * step; at most one issuer. Default: none (a token that is not a JWS stays `malformed`).
   */
  readonly introspection?: IntrospectionConfig;
}

/** One shared secret of a self-issued issuer: the same fields as a `{ type: 'secret' }` static key. */
export interface SelfIssuedSecret {
  /** At least as many bytes as the hash output (32 for HS256). */
  readonly secret: string | Uint8Array;
  readonly alg: 'HS256' | 'HS384' | 'HS512';
  readonly kid?: string;
}

/**
 * A service's own shared-secret tokens without `iss` (and usually without `aud`), such as a monolith
 * minting HS256 tokens with PyJWT. A token without an `iss` member is checked against it; a token with
 * one never is. At most one per verifier.
 */
export interface SelfIssuedConfig extends IssuerChecks {
  readonly kind: 'self-issued';
  /**
   * Name reported as the tokens' issuer (`ValidResult.issuer`, `jwt.issuer`, metrics, proofs, key status);
   * never compared with a claim. Must differ from every trusted issuer's `issuer`.
   */
  readonly name: string;
  /** Shared secrets, HS256, HS384 or HS512 only; at least one. */
  readonly secrets: readonly SelfIssuedSecret[];
  /** Accepted `aud` values; when given, `aud` is required and checked. Default: `aud` is not checked. */
  readonly audience?: string | readonly string[];
}

/** One issuer whose tokens the verifier accepts. */
export type IssuerConfig = TrustedIssuerConfig | SelfIssuedConfig;

/** Configuration of {@link createJwtVerifier}. */
export interface JwtVerifierConfig {
  /** Issuers; at least one, each trusted `issuer` once, at most one self-issued. */
  readonly issuers: readonly IssuerConfig[];
  /** Largest accepted token, in characters (a compact JWS is ASCII), 16 to 1048576. Default: 8192. */
  readonly maxTokenBytes?: number;
  /** Deepest accepted nesting of objects and arrays in the header or claims, 1 to 64. Default: 16. */
  readonly maxJsonDepth?: number;
  /** Capacity of the verified-token cache, in entries, 0 to 10000000; 0 turns caching off. Default: 10000. */
  readonly cacheMaxEntries?: number;
  /** Background fetching of remote key sets. */
  readonly keyRefresh?: KeyRefreshConfig;
  /**
   * A deny-list of `jti`s fetched from a URL in the background, besides the in-process one that
   * `revoke` fills. Default: the in-process deny-list only.
   */
  readonly denyList?: DenyListConfig;
}
