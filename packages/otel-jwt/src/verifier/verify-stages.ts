import { decodeBase64url } from '../internal/base64url.js';
import { AdmittedSignatures } from './admitted-signatures.js';
import { checkClaims } from './claims-policy.js';
import { typAccepted } from './header-policy.js';
import type { IntrospectedTokens } from './introspected-tokens.js';
import type { IssuerPolicy } from './issuer-policy.js';
import type { RevocationChecks } from './revocation-checks.js';
import { checkSignature } from './signature.js';
import { subjectOf } from './subject-claim.js';
import type { TokenParts } from './token-parts.js';
import { KeyNotReady, PendingCheck } from './token-stages.js';
import type { VerifiedCache } from './verified-cache.js';
import {
  type InvalidResult,
  invalid,
  type JwtClaims,
  type JwtHeader,
  unverified,
  type ValidJwsResult,
  type VerifyResult,
} from './verify-result.js';

/** What the stages share with the verifier that configured them. */
export interface StagesSetup {
  /** Trusted issuers by their `iss`. */
  readonly issuers: ReadonlyMap<string, IssuerPolicy>;
  /** The issuer of tokens without `iss`, if one is configured. */
  readonly selfIssued: IssuerPolicy | undefined;
  readonly cache: VerifiedCache | undefined;
  readonly parts: TokenParts;
  readonly maxTokenBytes: number;
  readonly cacheKeyChars: number;
  /** Deny-list and status list checks, after the claims. */
  readonly revocation: RevocationChecks;
  /** Opaque tokens of the issuer with introspection, if any. */
  readonly introspected: IntrospectedTokens | undefined;
}

/** Most signature verdicts of the admission step held for the synchronous verify (see AdmittedSignatures). */
const ADMITTED_CAPACITY = 1024;

/**
 * The checks of one uncached token, in order: structure, header policy and key lookup (`prepare`), the
 * signature, then claims and caching (`finish`). The synchronous verify runs them in one go; the
 * admission step runs the same `prepare` and `finish` around a signature check on the thread pool.
 */
export class VerifyStages {
  readonly maxTokenBytes: number;
  readonly cacheKeyChars: number;
  private readonly issuers: ReadonlyMap<string, IssuerPolicy>;
  private readonly selfIssued: IssuerPolicy | undefined;
  protected readonly cache: VerifiedCache | undefined;
  private readonly parts: TokenParts;
  protected readonly revocation: RevocationChecks;
  protected readonly introspected: IntrospectedTokens | undefined;
  private readonly scratch: Buffer;
  protected readonly admitted = new AdmittedSignatures(ADMITTED_CAPACITY);
  private closed = false;

  constructor(setup: StagesSetup) {
    this.issuers = setup.issuers;
    this.selfIssued = setup.selfIssued;
    this.cache = setup.cache;
    this.parts = setup.parts;
    this.revocation = setup.revocation;
    this.introspected = setup.introspected;
    this.maxTokenBytes = setup.maxTokenBytes;
    this.cacheKeyChars = setup.cacheKeyChars;
    this.scratch = Buffer.allocUnsafe(setup.maxTokenBytes);
  }

  verifyUncached(token: string, cacheKey: string, nowMs: number): VerifyResult {
    const stage = this.prepare(token, cacheKey, nowMs);
    if (stage instanceof KeyNotReady) return unverified(stage.code);
    if (!(stage instanceof PendingCheck)) return stage;
    const admitted = this.admitted.take(token, stage.key);
    // The signing input goes to a buffer reused across calls: verification is synchronous and the
    // buffer is only read during the signature check, so no call can see another's bytes.
    const ok =
      admitted ??
      checkSignature(
        stage.key,
        this.scratch.subarray(0, this.scratch.write(token, 0, stage.signingEnd, 'latin1')),
        stage.signature,
      );
    return ok ? this.finish(stage, nowMs) : invalid('invalid_signature');
  }

  /** Every check before the signature; the one place verify and the admission step share. */
  prepare(token: string, cacheKey: string, nowMs: number): VerifyResult | PendingCheck | KeyNotReady {
    const lastDot = token.lastIndexOf('.');
    const signatureSegment = token.slice(lastDot + 1);
    const firstDot = token.indexOf('.');
    if (firstDot === lastDot || token.indexOf('.', firstDot + 1) !== lastDot) {
      // Five segments is the compact JWE shape (RFC 7516 §7.1); anything else that is not a JWS may be an
      // opaque token, which only the issuer with introspection can judge.
      if (token.split('.').length === 5) return invalid('jwe_not_supported');
      return this.introspected?.verify(token, nowMs) ?? invalid('malformed');
    }
    const header = this.parts.header(token.slice(0, firstDot));
    if (typeof header === 'string') return invalid(header);
    const payloadBytes = decodeBase64url(token.slice(firstDot + 1, lastDot));
    const signature = decodeBase64url(signatureSegment);
    if (payloadBytes === undefined || signature === undefined) return invalid('non_canonical_encoding');
    const claims = this.parts.claims(payloadBytes);
    if (typeof claims === 'string') return invalid(claims);

    const policy = this.route(claims);
    if (policy === undefined) return invalid('unknown_issuer');
    const alg = header.alg as string;
    if (!policy.algorithms.has(alg)) return invalid('alg_not_allowed');
    if (!typAccepted(header.typ, policy.acceptedTypes, policy.missingTypeOk))
      return invalid('typ_not_accepted');

    const lookup = policy.ring.lookup(header.kid, alg, nowMs);
    if (!lookup.found) {
      if (lookup.code === 'kid_required') return invalid('kid_required');
      return new KeyNotReady(lookup.code, policy.source?.requestRefresh());
    }
    if (lookup.key.spec.alg !== alg) return invalid('alg_key_mismatch');
    return new PendingCheck(
      token,
      cacheKey,
      policy,
      header,
      claims,
      lookup.key,
      lastDot,
      signature,
      policy.ring.generation,
    );
  }

  /**
   * The issuer whose policy checks the token. `iss` only routes here; it is trusted, like every claim,
   * after the signature check. A string `iss` names a trusted issuer or none; only a token without an `iss`
   * member goes to the self-issued issuer, so a token with `iss` can never be judged by a shared secret
   * meant for another kind of token.
   */
  private route(claims: Readonly<Record<string, unknown>>): IssuerPolicy | undefined {
    const iss = claims.iss;
    if (typeof iss === 'string') return this.issuers.get(iss);
    return Object.hasOwn(claims, 'iss') ? undefined : this.selfIssued;
  }

  /** The checks after a good signature: claims, then revocation; a token that stands is cached. */
  finish(stage: PendingCheck, nowMs: number): VerifyResult {
    const result = this.checkedClaims(stage, nowMs);
    if (result.status !== 'valid') return result;
    const standing = this.revocation.check(result, nowMs);
    if (standing !== result || this.cache === undefined) return standing;
    const { policy, claims } = stage;
    const maxAge = policy.claims.maxTokenAgeSeconds;
    const expiresAtMs = Math.min(
      (claims.exp as number) * 1000,
      maxAge === undefined ? Number.POSITIVE_INFINITY : ((claims.iat as number) + maxAge) * 1000,
    );
    this.cache.set(stage.cacheKey, stage.token, result, expiresAtMs, policy.ring);
    return result;
  }

  protected checkedClaims(stage: PendingCheck, nowMs: number): ValidJwsResult | InvalidResult {
    const { policy, claims, header, key } = stage;
    const claimFault = checkClaims(claims, policy.claims, Math.floor(nowMs / 1000));
    if (claimFault !== undefined) return invalid(claimFault);
    return Object.freeze({
      status: 'valid',
      form: 'jws',
      header: header as JwtHeader,
      claims: claims as JwtClaims,
      issuer: policy.issuer,
      subject: subjectOf(claims, policy),
      keyId: key.kid,
    });
  }

  /**
   * Whether a check that finished after `prepare` may still count: the verifier is open and the issuer's
   * key set is the one the key was looked up in (a refresh that dropped the key, or the end of the
   * stale-if-error window, changed the generation).
   */
  stillCurrent(stage: PendingCheck): boolean {
    return !this.closed && stage.policy.ring.generation === stage.generation;
  }

  /** Forgets the admission's verdicts; checks still under way leave nothing behind. */
  close(): void {
    this.closed = true;
    this.admitted.clear();
  }
}
