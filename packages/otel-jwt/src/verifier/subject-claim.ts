import { ConfigurationError } from '../errors.js';

/** Longest subject digested or shown; a longer one is no subject (the token still verifies). */
const MAX_SUBJECT_CHARS = 1024;

/** Registered claims whose meaning is fixed, none of which names a user. */
const NOT_A_SUBJECT = new Set(['iss', 'aud', 'exp', 'nbf', 'iat']);

/** The checked `subjectClaim` option of an issuer: `sub` when absent. */
export function subjectClaimOption(value: unknown, path: string): string {
  if (value === undefined) return 'sub';
  if (typeof value !== 'string' || value.length === 0 || NOT_A_SUBJECT.has(value)) {
    throw new ConfigurationError(
      `${path}.subjectClaim must name the string claim that identifies the user, such as "sub" or "oid"; not iss, aud, exp, nbf or iat`,
    );
  }
  return value;
}

/**
 * The subject of checked claims: the issuer's subject claim when it is a string of 1 to 1024 characters.
 * Proofs, `user.hash`, `user.id` and subject verdicts are made from it.
 */
export function subjectOf(
  claims: Readonly<Record<string, unknown>>,
  policy: { readonly subjectClaim: string },
): string | undefined {
  // Own members only: a claim named like an Object.prototype member must not find the prototype's.
  if (!Object.hasOwn(claims, policy.subjectClaim)) return undefined;
  const value = claims[policy.subjectClaim];
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_SUBJECT_CHARS
    ? value
    : undefined;
}
