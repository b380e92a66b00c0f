import type { InvalidCode } from './verify-result.js';

/** Claim rules of one issuer, normalized from its configuration. */
export interface ClaimsPolicy {
  /** Accepted `aud` values; undefined for a self-issued issuer configured without them (`aud` unchecked). */
  readonly audiences: readonly string[] | undefined;
  readonly clockToleranceSeconds: number;
  readonly maxTokenAgeSeconds: number | undefined;
  /**
   * Claims that must be present: the configured ones plus exp, (with a max age) iat, and iss and aud for a
   * trusted issuer (aud for a self-issued one with audiences).
   */
  readonly presence: readonly string[];
  /** The claim naming the user (`sub` by default). */
  readonly subjectClaim: string;
}

/**
 * Validates a claim set whose signature has already been checked. Mirrors jose's `jwtVerify`
 * (same order, same comparisons, same clock rounding) and is stricter in two named ways: numeric
 * dates must be finite, and `sub` and the issuer's subject claim, when present, must be strings.
 */
export function checkClaims(
  claims: Readonly<Record<string, unknown>>,
  policy: ClaimsPolicy,
  nowSeconds: number,
): InvalidCode | undefined {
  for (const name of policy.presence) {
    if (!Object.hasOwn(claims, name)) return 'missing_claim';
  }
  const audiences = policy.audiences;
  if (audiences !== undefined) {
    const aud = claims.aud;
    if (typeof aud === 'string') {
      if (!audiences.includes(aud)) return 'audience_mismatch';
    } else if (!Array.isArray(aud) || !audiences.some((a) => aud.includes(a))) {
      return 'audience_mismatch';
    }
  }
  if (claims.sub !== undefined && typeof claims.sub !== 'string') return 'invalid_claim';
  const subjectClaim = policy.subjectClaim;
  // Own members only: a subject claim named like an Object.prototype member must not find the prototype's.
  if (
    subjectClaim !== 'sub' &&
    Object.hasOwn(claims, subjectClaim) &&
    typeof claims[subjectClaim] !== 'string'
  ) {
    return 'invalid_claim';
  }

  const tolerance = policy.clockToleranceSeconds;
  const iat = claims.iat;
  const nbf = claims.nbf;
  const exp = claims.exp;
  if (iat !== undefined && !Number.isFinite(iat)) return 'invalid_claim';
  if (nbf !== undefined) {
    if (!Number.isFinite(nbf)) return 'invalid_claim';
    if ((nbf as number) > nowSeconds + tolerance) return 'not_yet_valid';
  }
  if (!Number.isFinite(exp)) return 'invalid_claim';
  if ((exp as number) <= nowSeconds - tolerance) return 'expired';
  const maxAge = policy.maxTokenAgeSeconds;
  if (maxAge !== undefined) {
    // The policy lists iat as present; this keeps the check sound on its own, as jose's is.
    if (!Number.isFinite(iat)) return 'invalid_claim';
    const age = nowSeconds - (iat as number);
    if (age - tolerance > maxAge) return 'token_too_old';
    if (age < -tolerance) return 'issued_in_future';
  }
  return undefined;
}
