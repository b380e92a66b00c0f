import { ConfigurationError } from '../errors.js';
import { knownOptions, numberOption } from '../internal/config-checks.js';
import { isHttpToken } from './http-token.js';

/** One allow-listed claim, resolved with its defaults. */
export interface ClaimRule {
  readonly claim: string;
  readonly key: string;
  readonly propagate: boolean;
  readonly maxValueChars: number;
  readonly maxItems: number;
  readonly splitSpaces: boolean;
}

/** Keys otel-jwt writes itself; a mapped claim may not take them over. */
const RESERVED = /^(jwt\.|user\.(id|hash)$)/;
// Baggage keys are W3C tokens; attribute names are kept to the same characters (isHttpToken).
const REGISTERED = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat']);

/**
 * The subject claims other than `sub` that the issuers of a verifier configuration name (`subjectClaim`);
 * none for a verifier handed over already built, whose configuration is not known here.
 */
export function subjectClaimsOf(verifier: unknown): ReadonlySet<string> {
  const issuers = (verifier as { issuers?: unknown } | null)?.issuers;
  if (!Array.isArray(issuers)) return new Set();
  const named = issuers.map((issuer) => (issuer as { subjectClaim?: unknown } | null)?.subjectClaim);
  return new Set(named.filter((claim): claim is string => typeof claim === 'string' && claim !== 'sub'));
}

/**
 * The allow-listed claims. `subjectClaims` are claims an issuer names its users with: like `sub`, they are
 * not mapped, so the subject appears only as `subject` says (a pseudonym by default), never raw by a mapping.
 */
export function resolveClaimRules(
  claims: unknown,
  subjectClaims: ReadonlySet<string> = new Set(),
): ClaimRule[] {
  if (claims === undefined) return [];
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
    throw new ConfigurationError(
      'claims must be an object mapping claim names to keys, such as { roles: "user.roles" }',
    );
  }
  const keys = new Set<string>();
  return Object.entries(claims).map(([claim, mapping]): ClaimRule => {
    const path = `claims.${claim}`;
    if (claim.length === 0 || REGISTERED.has(claim)) {
      throw new ConfigurationError(
        `${path}: registered claims (iss, sub, aud, exp, nbf, iat) are not mapped; sub is written as user.hash or user.id`,
      );
    }
    if (subjectClaims.has(claim)) {
      throw new ConfigurationError(
        `${path}: an issuer's subjectClaim is not mapped; the subject is written as user.hash or user.id (see the subject option)`,
      );
    }
    const spec = typeof mapping === 'string' ? { key: mapping } : mapping;
    knownOptions(spec, ['key', 'propagate', 'maxValueChars', 'maxItems', 'split'], path);
    const { key, propagate = true, split = 'none' } = spec as Record<string, unknown>;
    if (typeof key !== 'string' || !isHttpToken(key) || RESERVED.test(key)) {
      throw new ConfigurationError(
        `${path} must map to a key of letters, digits and . _ - (such as user.roles or tenant.id), outside the jwt. namespace and other than user.id and user.hash`,
      );
    }
    if (keys.has(key))
      throw new ConfigurationError(`${path} maps to key "${key}" that another claim already uses`);
    keys.add(key);
    if (typeof propagate !== 'boolean')
      throw new ConfigurationError(`${path}.propagate must be true or false`);
    if (split !== 'none' && split !== 'space')
      throw new ConfigurationError(`${path}.split must be "none" or "space"`);
    return {
      claim,
      key,
      propagate,
      maxValueChars: numberOption(
        (spec as Record<string, unknown>).maxValueChars,
        128,
        `${path}.maxValueChars`,
        {
          min: 1,
          max: 1024,
          integer: true,
        },
      ),
      maxItems: numberOption((spec as Record<string, unknown>).maxItems, 16, `${path}.maxItems`, {
        min: 1,
        max: 64,
        integer: true,
      }),
      splitSpaces: split === 'space',
    };
  });
}
