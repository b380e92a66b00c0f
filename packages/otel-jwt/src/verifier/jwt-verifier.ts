import { ConfigurationError } from '../errors.js';
import { decodeBase64url } from '../internal/base64url.js';
import { knownOptions, numberOption } from '../internal/config-checks.js';
import { diagnostics } from '../internal/diagnostics.js';
import { refreshSettings } from '../keys/refresh-settings.js';
import { checkClaims } from './claims-policy.js';
import { typAccepted } from './header-policy.js';
import { buildIssuerPolicy, type IssuerPolicy } from './issuer-policy.js';
import { type IssuerKeyStatus, keyStatusOf } from './key-status.js';
import { checkSignature } from './signature.js';
import { TokenParts } from './token-parts.js';
import { VerifiedCache } from './verified-cache.js';
import type { IssuerConfig, JwtVerifierConfig } from './verifier-config.js';
import {
  invalid,
  type JwtClaims,
  type JwtHeader,
  unverified,
  type ValidResult,
  type VerifyResult,
} from './verify-result.js';

/** Synchronous JWT verification under a per-issuer policy, with keys kept fresh in the background. */
export interface JwtVerifier {
  /** Verifies a compact JWS token. Synchronous, never throws, never waits on the network. */
  verify(token: unknown): VerifyResult;
  /** Resolves once every remote key set has had its first fetch attempt (successful or not). Never rejects. */
  ready(): Promise<void>;
  /**
   * Refreshes every remote key set now (joining refreshes already under way), for example after a
   * planned key rotation. Resolves when done; never rejects (failures show in {@link keyStatus}).
   */
  refreshKeys(): Promise<void>;
  /** Per-issuer state of the keys, for health checks and diagnostics. */
  keyStatus(): readonly IssuerKeyStatus[];
  /** Stops background refreshes (a fetch under way is discarded) and empties the verified-token cache. */
  close(): void;
}

/**
 * The verified cache is keyed by the token's last characters (part of its signature: 128 bits that only
 * the key holder chooses), then the whole token is compared. V8 hashes every character of a fresh key
 * string, so a short key keeps a hit cheap for long RSA signatures too.
 */
const CACHE_KEY_CHARS = 22;

const VERIFIER_OPTIONS = ['issuers', 'maxTokenBytes', 'maxJsonDepth', 'cacheMaxEntries', 'keyRefresh'];

class Verifier implements JwtVerifier {
  private readonly issuers = new Map<string, IssuerPolicy>();
  private readonly cache: VerifiedCache | undefined;
  private readonly maxTokenBytes: number;
  private readonly parts: TokenParts;
  private readonly firstLoad: Promise<void>;
  private readonly scratch: Buffer;

  constructor(config: JwtVerifierConfig) {
    knownOptions(config, VERIFIER_OPTIONS, 'the verifier configuration');
    this.maxTokenBytes = numberOption(config.maxTokenBytes, 8192, 'maxTokenBytes', {
      min: 16,
      max: 1_048_576,
      integer: true,
    });
    const maxJsonDepth = numberOption(config.maxJsonDepth, 16, 'maxJsonDepth', {
      min: 1,
      max: 64,
      integer: true,
    });
    this.parts = new TokenParts(maxJsonDepth);
    // A Map holds at most 2^24 entries; a bounded cache stays well below.
    const capacity = numberOption(config.cacheMaxEntries, 10_000, 'cacheMaxEntries', {
      min: 0,
      max: 10_000_000,
      integer: true,
    });
    this.cache = capacity > 0 ? new VerifiedCache(capacity) : undefined;
    this.scratch = Buffer.allocUnsafe(this.maxTokenBytes);
    const refresh = refreshSettings(config.keyRefresh);
    if (!Array.isArray(config.issuers) || config.issuers.length === 0) {
      throw new ConfigurationError('issuers must list at least one trusted issuer');
    }
    for (let index = 0; index < config.issuers.length; index++) {
      const policy = buildIssuerPolicy(config.issuers[index] as IssuerConfig, `issuers[${index}]`, refresh);
      if (this.issuers.has(policy.issuer)) {
        throw new ConfigurationError(
          `issuers[${index}].issuer repeats an issuer configured before it; list each issuer once`,
        );
      }
      this.issuers.set(policy.issuer, policy);
    }
    this.firstLoad = this.refreshKeys();
  }

  verify(token: unknown): VerifyResult {
    if (typeof token !== 'string') return invalid('not_a_string');
    if (token.length > this.maxTokenBytes) return invalid('token_too_large');
    try {
      const nowMs = Date.now();
      const cacheKey = token.slice(-CACHE_KEY_CHARS);
      const hit = this.cache?.get(cacheKey, token, nowMs);
      if (hit !== undefined) return hit;
      return this.verifyUncached(token, cacheKey, nowMs);
    } catch {
      // Unreachable by design; the guarantee that nothing escapes into the host matters more.
      diagnostics.error('otel-jwt: unexpected failure while verifying a token');
      return invalid('malformed');
    }
  }

  private verifyUncached(token: string, cacheKey: string, nowMs: number): VerifyResult {
    const lastDot = token.lastIndexOf('.');
    const signatureSegment = token.slice(lastDot + 1);
    const firstDot = token.indexOf('.');
    if (firstDot === lastDot || token.indexOf('.', firstDot + 1) !== lastDot) {
      // Five segments is the compact JWE shape (RFC 7516 §7.1).
      return invalid(token.split('.').length === 5 ? 'jwe_not_supported' : 'malformed');
    }
    const header = this.parts.header(token.slice(0, firstDot));
    if (typeof header === 'string') return invalid(header);
    const payloadBytes = decodeBase64url(token.slice(firstDot + 1, lastDot));
    const signature = decodeBase64url(signatureSegment);
    if (payloadBytes === undefined || signature === undefined) return invalid('non_canonical_encoding');
    const claims = this.parts.claims(payloadBytes);
    if (typeof claims === 'string') return invalid(claims);

    // `iss` only routes to a policy here; it is trusted, like every claim, after the signature check.
    const policy = typeof claims.iss === 'string' ? this.issuers.get(claims.iss) : undefined;
    if (policy === undefined) return invalid('unknown_issuer');
    const alg = header.alg as string;
    if (!policy.algorithms.has(alg)) return invalid('alg_not_allowed');
    if (!typAccepted(header.typ, policy.acceptedTypes, policy.missingTypeOk))
      return invalid('typ_not_accepted');

    const lookup = policy.ring.lookup(header.kid, alg, nowMs);
    if (!lookup.found) {
      if (lookup.code === 'kid_required') return invalid('kid_required');
      policy.source?.requestRefresh();
      return unverified(lookup.code);
    }
    const key = lookup.key;
    if (key.spec.alg !== alg) return invalid('alg_key_mismatch');
    // The signing input goes to a buffer reused across calls: verification is synchronous and the
    // buffer is only read during the signature check, so no call can see another's bytes.
    const signingInput = this.scratch.subarray(0, this.scratch.write(token, 0, lastDot, 'latin1'));
    if (!checkSignature(key, signingInput, signature)) {
      return invalid('invalid_signature');
    }

    const claimFault = checkClaims(claims, policy.claims, Math.floor(nowMs / 1000));
    if (claimFault !== undefined) return invalid(claimFault);
    const result: ValidResult = Object.freeze({
      status: 'valid',
      header: header as JwtHeader,
      claims: claims as JwtClaims,
      issuer: policy.issuer,
      keyId: key.kid,
    });
    if (this.cache !== undefined) {
      const maxAge = policy.claims.maxTokenAgeSeconds;
      const expiresAtMs = Math.min(
        (claims.exp as number) * 1000,
        maxAge === undefined ? Number.POSITIVE_INFINITY : ((claims.iat as number) + maxAge) * 1000,
      );
      this.cache.set(cacheKey, token, result, expiresAtMs, policy.ring);
    }
    return result;
  }

  ready(): Promise<void> {
    return this.firstLoad;
  }

  refreshKeys(): Promise<void> {
    const refreshes = [...this.issuers.values()].map((policy) => policy.source?.refresh());
    return Promise.all(refreshes).then(() => undefined);
  }

  keyStatus(): readonly IssuerKeyStatus[] {
    const nowMs = Date.now();
    return [...this.issuers.values()].map((policy) => keyStatusOf(policy, nowMs));
  }

  close(): void {
    for (const policy of this.issuers.values()) policy.source?.close();
    this.cache?.clear();
  }
}

/**
 * Creates a verifier. Configuration mistakes throw a {@link ConfigurationError} here, naming the
 * option to fix. Remote key sets start loading at once; until they arrive, their tokens are
 * `unverified` with code `keys_unavailable` (await {@link JwtVerifier.ready} to start after the first load).
 */
export function createJwtVerifier(config: JwtVerifierConfig): JwtVerifier {
  return new Verifier(config);
}
