import { ConfigurationError } from '../errors.js';
import { knownOptions, numberOption } from '../internal/config-checks.js';
import { diagnostics } from '../internal/diagnostics.js';
import { refreshSettings } from '../keys/refresh-settings.js';
import { AdmissionChecks, type AdmitOptions, type AdmitOutcome } from './admission-checks.js';
import { AdmissionStages } from './admission-stages.js';
import type { IssuerPolicy } from './issuer-policy.js';
import { buildIssuerRegistry } from './issuer-registry.js';
import { type IssuerKeyStatus, keyStatusOf } from './key-status.js';
import { buildRevocation, type RevocationSetup } from './revocation-setup.js';
import { TokenParts } from './token-parts.js';
import { VerifiedCache } from './verified-cache.js';
import type { JwtVerifierConfig } from './verifier-config.js';
import { invalid, type VerifyResult } from './verify-result.js';

/** Synchronous JWT verification under a per-issuer policy, with keys kept fresh in the background. */
export interface JwtVerifier {
  /** Verifies a compact JWS token. Synchronous, never throws, never waits on the network. */
  verify(token: unknown): VerifyResult;
  /**
   * Makes the verdict of `token` ready for {@link verify}, for an asynchronous step in front of the
   * request: the signature is checked on libuv's thread pool, and a token whose key is not loaded yet
   * waits (bounded) for the key refresh it triggered. Returns `undefined` when there is nothing to wait
   * for (a cached token, or one refused before its signature). Never rejects, never changes a verdict:
   * `verify` afterwards gives what it would have given, only sooner. Resolves `'timeout'` when the wait for
   * keys ran out first.
   */
  admit?(token: unknown, options?: AdmitOptions): Promise<AdmitOutcome> | undefined;
  /**
   * Resolves once every remote key set, and the deny-list document if one is configured, has had its first
   * fetch attempt (successful or not). Never rejects. Status lists are fetched when a token first names them.
   */
  ready(): Promise<void>;
  /**
   * Refreshes every remote key set now (joining refreshes already under way), for example after a
   * planned key rotation. Resolves when done; never rejects (failures show in {@link keyStatus}).
   */
  refreshKeys(): Promise<void>;
  /** Per-issuer state of the keys, for health checks and diagnostics. */
  keyStatus(): readonly IssuerKeyStatus[];
  /**
   * Refuses every token whose `jti` is `jti` as `revoked` until `until` (a `Date`, or a NumericDate in
   * seconds: usually the token's `exp`) plus the largest `clockToleranceSeconds` of the issuers (a token
   * is accepted that long past its `exp`), at once, cached verdicts included. Throws a `DenyListError` for a
   * `jti` that is not a string of 1 to 1024 characters, an `until` that is not a date between 2001 and 9999
   * (a duration or milliseconds given by mistake), or a full in-process
   * deny-list (`denyList.maxEntries` live entries, default 100000): a revocation is never dropped silently.
   * Optional so that a verifier written by the application still fits.
   */
  revoke?(jti: string, until: Date | number): void;
  /** Stops background refreshes (a fetch under way is discarded) and empties the verified-token cache. */
  close(): void;
}

/**
 * The verified cache is keyed by the token's last characters (part of its signature: 128 bits that only
 * the key holder chooses), then the whole token is compared. V8 hashes every character of a fresh key
 * string, so a short key keeps a hit cheap for long RSA signatures too.
 */
const CACHE_KEY_CHARS = 22;

const VERIFIER_OPTIONS = [
  'issuers',
  'maxTokenBytes',
  'maxJsonDepth',
  'cacheMaxEntries',
  'keyRefresh',
  'denyList',
];

class Verifier implements JwtVerifier {
  /** Every issuer by the name its results carry, in configuration order. */
  private readonly issuers: ReadonlyMap<string, IssuerPolicy>;
  private readonly cache: VerifiedCache | undefined;
  private readonly maxTokenBytes: number;
  private readonly stages: AdmissionStages;
  private readonly admissions: AdmissionChecks;
  private readonly revocation: RevocationSetup;
  private readonly firstLoad: Promise<void>;

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
    // A Map holds at most 2^24 entries; a bounded cache stays well below.
    const capacity = numberOption(config.cacheMaxEntries, 10_000, 'cacheMaxEntries', {
      min: 0,
      max: 10_000_000,
      integer: true,
    });
    const refresh = refreshSettings(config.keyRefresh);
    const registry = buildIssuerRegistry(config.issuers, refresh);
    this.issuers = registry.all;
    const parts = new TokenParts(maxJsonDepth);
    this.revocation = buildRevocation(config, registry.all.values(), parts);
    this.cache = capacity > 0 ? new VerifiedCache(capacity, this.revocation.checks) : undefined;
    this.stages = new AdmissionStages({
      issuers: registry.trusted,
      selfIssued: registry.selfIssued,
      cache: this.cache,
      parts,
      maxTokenBytes: this.maxTokenBytes,
      cacheKeyChars: CACHE_KEY_CHARS,
      revocation: this.revocation.checks,
      introspected: this.revocation.introspected,
    });
    this.admissions = new AdmissionChecks(this.stages);
    this.firstLoad = Promise.all([this.refreshKeys(), this.revocation.checks.firstLoad()]).then(
      () => undefined,
    );
  }

  verify(token: unknown): VerifyResult {
    if (typeof token !== 'string') return invalid('not_a_string');
    if (token.length > this.maxTokenBytes) return invalid('token_too_large');
    try {
      const nowMs = Date.now();
      const cacheKey = token.slice(-CACHE_KEY_CHARS);
      const hit = this.cache?.get(cacheKey, token, nowMs);
      if (hit !== undefined) return hit;
      return this.stages.verifyUncached(token, cacheKey, nowMs);
    } catch {
      // Unreachable by design; the guarantee that nothing escapes into the host matters more.
      diagnostics.error('otel-jwt: unexpected failure while verifying a token');
      return invalid('malformed');
    }
  }

  admit(token: unknown, options?: AdmitOptions): Promise<AdmitOutcome> | undefined {
    return this.admissions.admit(token, options);
  }

  ready(): Promise<void> {
    return this.firstLoad;
  }

  refreshKeys(): Promise<void> {
    const refreshes = [...this.issuers.values()].map((policy) => policy.source?.refresh());
    return Promise.all(refreshes).then(() => undefined);
  }

  revoke(jti: string, until: Date | number): void {
    this.revocation.checks.revoke(jti, until);
  }

  keyStatus(): readonly IssuerKeyStatus[] {
    const nowMs = Date.now();
    return [...this.issuers.values()].map((policy) => keyStatusOf(policy, nowMs));
  }

  close(): void {
    for (const policy of this.issuers.values()) policy.source?.close();
    this.cache?.clear();
    this.stages.close();
    this.revocation.checks.close();
    this.revocation.close();
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
