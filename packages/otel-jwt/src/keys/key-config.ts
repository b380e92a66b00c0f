import type { JWK } from 'jose';
import type { JwsAlgorithm } from './algorithms.js';

/** A key given in the configuration. Each key verifies exactly one algorithm. */
export type StaticKey =
  /** A shared HMAC secret; at least as many bytes as the hash output (32 for HS256). */
  | {
      readonly type: 'secret';
      readonly secret: string | Uint8Array;
      readonly alg: JwsAlgorithm;
      readonly kid?: string;
    }
  /** A PEM public key (SPKI, `-----BEGIN PUBLIC KEY-----`) or X.509 certificate. */
  | { readonly type: 'pem'; readonly pem: string; readonly alg: JwsAlgorithm; readonly kid?: string }
  /** A public JWK. `alg` defaults to the JWK's own `alg` member; one of the two must be present. */
  | { readonly type: 'jwk'; readonly jwk: JWK; readonly alg?: JwsAlgorithm }
  /** A JWK set (`{ keys: [...] }`); keys without `alg` are bound as for remote sets. */
  | { readonly type: 'jwks'; readonly jwks: { readonly keys: readonly JWK[] } };

/** Where an issuer's keys come from. */
export type KeySourceConfig =
  /** Keys fixed in the configuration. */
  | { readonly type: 'static'; readonly keys: readonly StaticKey[] }
  /** A JWKS document at an explicit URL, fetched and refreshed in the background. */
  | { readonly type: 'jwks-uri'; readonly jwksUri: string }
  /** OpenID Connect discovery: `{issuer}/.well-known/openid-configuration` names the JWKS URL. */
  | { readonly type: 'discovery' };

/** How remote key sets are fetched and kept fresh. All fields optional. */
export interface KeyRefreshConfig {
  /** Timeout of one JWKS or discovery request, in milliseconds, 1 to 300000. Default: 5000. */
  readonly fetchTimeoutMilliseconds?: number;
  /** Largest accepted JWKS or discovery response body, in bytes, 1024 to 16777216. Default: 262144 (256 KiB). */
  readonly maxResponseBytes?: number;
  /**
   * Refresh interval when the response has no usable `Cache-Control: max-age`, in seconds, between
   * `minRefreshSeconds` and `maxRefreshSeconds`. Default: 600.
   */
  readonly defaultRefreshSeconds?: number;
  /** Lower bound on the refresh interval taken from `Cache-Control`, in seconds, 1 to 2147483. Default: 60. */
  readonly minRefreshSeconds?: number;
  /** Upper bound on the refresh interval taken from `Cache-Control`, in seconds, 1 to 2147483. Default: 86400. */
  readonly maxRefreshSeconds?: number;
  /**
   * Least time since the last fetch before an unknown `kid` may trigger another, and the first retry
   * delay after a failure (doubling up to 5 minutes, or the cooldown if longer), in seconds, 0 to
   * 2147483; never less than 1 second in effect. Default: 30.
   */
  readonly cooldownSeconds?: number;
  /**
   * How long the last good keys keep serving past their due refresh while refreshes fail, in seconds,
   * 0 to 2147483. Default: 21600 (6 h).
   */
  readonly staleIfErrorSeconds?: number;
}
