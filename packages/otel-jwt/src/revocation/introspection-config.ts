/**
 * Opaque (reference) access tokens of one issuer, checked at its token introspection endpoint
 * (RFC 7662). An opaque token is any token that is not a compact JWS or JWE; it is introspected before
 * the request is handled, and the answer is reused for a while.
 */
export interface IntrospectionConfig {
  /** The issuer's introspection endpoint: https:, or http: on a loopback host. */
  readonly endpoint: string;
  /**
   * How this service authenticates at the endpoint (RFC 6749 §2.3.1). `method` default:
   * `'client_secret_basic'` (the Authorization header); `'client_secret_post'` sends them in the body.
   */
  readonly client: {
    readonly id: string;
    readonly secret: string;
    readonly method?: 'client_secret_basic' | 'client_secret_post';
  };
  /**
   * Longest an answer (active or not) is reused, in seconds, 1 to 3600. Default: 60. An active answer
   * is never reused past its `exp`. A revocation at the issuer reaches this service within this time.
   */
  readonly maxCacheSeconds?: number;
  /** Timeout of one introspection request, in milliseconds, 1 to 60000. Default: 2000. */
  readonly timeoutMilliseconds?: number;
  /** Largest accepted answer, in bytes, 1024 to 1048576. Default: 65536. */
  readonly maxResponseBytes?: number;
  /**
   * Most active answers kept, 1 to 1000000; the least recently used goes first. Default: 10000. Inactive
   * and failed answers are kept apart, at most 1024 (or this many, if fewer), so they never push out an
   * active one.
   */
  readonly maxCachedTokens?: number;
}
