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
]);

/**
 * How an inbound token is remembered for redaction, by its verification outcome: `vouched` when a
 * signature check showed the issuer signed it (valid, or refused only for its claims); `unvouched` when
 * it may be the issuer's but could not be checked yet (its key is not loaded), which anyone can claim,
 * so it only gets the small pool of its own (seen-tokens.ts); not at all for a malformed, oversized or
 * forged string, which is nobody's secret.
 */
export function issuerTokenStanding(result: AuthResult): TokenStanding | undefined {
  if (result.status === 'valid') return 'vouched';
  if (result.status === 'unverified') return 'unvouched';
  return result.status === 'invalid' && AFTER_SIGNATURE.has(result.code) ? 'vouched' : undefined;
}
