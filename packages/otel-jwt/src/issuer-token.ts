import type { AuthResult } from './request-auth.js';

/** Refusals that come after the signature check (see the verifier's order): the token is genuine. */
const AFTER_SIGNATURE = new Set<string>([
  'missing_claim',
  'invalid_claim',
  'audience_mismatch',
  'expired',
  'not_yet_valid',
  'token_too_old',
  'issued_in_future',
]);

/**
 * Whether a verification outcome says the token is (or may be) one the issuer signed: valid, refused
 * only for its claims, or not checkable yet (its key is not loaded). Those are remembered for redaction;
 * a malformed, oversized or forged string is not a secret of anyone.
 */
export function isIssuerToken(result: AuthResult): boolean {
  if (result.status === 'valid' || result.status === 'unverified') return true;
  return result.status === 'invalid' && AFTER_SIGNATURE.has(result.code);
}
