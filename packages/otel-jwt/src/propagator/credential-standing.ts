import type { TokenStanding } from '../redaction/seen-tokens.js';
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
  'revoked',
  'suspended',
  'status_not_valid',
  'invalid_status_reference',
]);

/**
 * How an inbound token is remembered for redaction, by its verification outcome: `vouched` when a
 * signature check showed the issuer signed it (valid, or refused only for its claims); `unvouched`
 * otherwise (its key is not loaded yet, an opaque token, another issuer's, a forgery, garbage). Any of
 * them was handed to the process and may be somebody's secret, but anyone can send them, so they only
 * get the small pool of their own, within its intake allowance (seen-tokens.ts): a flood churns that
 * pool and buys nothing else.
 */
export function credentialStanding(result: AuthResult): TokenStanding {
  if (result.status === 'valid') return 'vouched';
  return result.status === 'invalid' && AFTER_SIGNATURE.has(result.code) ? 'vouched' : 'unvouched';
}
