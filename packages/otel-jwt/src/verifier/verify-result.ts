/** Why a token was refused. Stable strings: safe to put on spans and to alert on. */
export type InvalidCode =
  | 'not_a_string'
  | 'token_too_large'
  | 'malformed'
  | 'jwe_not_supported'
  | 'non_canonical_encoding'
  | 'invalid_json'
  | 'json_too_deep'
  | 'duplicate_member'
  | 'invalid_header'
  | 'alg_not_allowed'
  | 'unsupported_crit'
  | 'unencoded_payload'
  | 'typ_not_accepted'
  | 'unknown_issuer'
  | 'kid_required'
  | 'alg_key_mismatch'
  | 'invalid_signature'
  | 'missing_claim'
  | 'invalid_claim'
  | 'audience_mismatch'
  | 'expired'
  | 'not_yet_valid'
  | 'token_too_old'
  | 'issued_in_future'
  /** From the propagator's token sources, never from the verifier: two different tokens in one request. */
  | 'multiple_tokens'
  /** From the propagator's token sources: an Authorization header that is not a well-formed credential. */
  | 'malformed_authorization';

/** Why a token could not be checked yet; not a judgement on the token itself. */
export type UnverifiedCode = 'unknown_key' | 'keys_unavailable';

/** JOSE header of a verified token (frozen). */
export type JwtHeader = Readonly<Record<string, unknown>> & { readonly alg: string };

/** Claims of a verified token (frozen, nested values too). */
export type JwtClaims = Readonly<Record<string, unknown>> & {
  readonly iss: string;
  readonly exp: number;
  readonly sub?: string;
};

export interface ValidResult {
  readonly status: 'valid';
  readonly header: JwtHeader;
  readonly claims: JwtClaims;
  /** The configured issuer whose policy and key accepted the token. */
  readonly issuer: string;
  /** `kid` of the key that verified the signature, if it has one. */
  readonly keyId: string | undefined;
}

export interface InvalidResult {
  readonly status: 'invalid';
  readonly code: InvalidCode;
}

export interface UnverifiedResult {
  readonly status: 'unverified';
  readonly code: UnverifiedCode;
}

/** Outcome of one verification. Only `valid` carries claims. */
export type VerifyResult = ValidResult | InvalidResult | UnverifiedResult;

const invalidResults = new Map<string, InvalidResult>();
const unverifiedResults = new Map<string, UnverifiedResult>();

/** Shared frozen result per code: refusing a token allocates nothing. */
export function invalid(code: InvalidCode): InvalidResult {
  let result = invalidResults.get(code);
  if (result === undefined) {
    result = Object.freeze({ status: 'invalid', code });
    invalidResults.set(code, result);
  }
  return result;
}

export function unverified(code: UnverifiedCode): UnverifiedResult {
  let result = unverifiedResults.get(code);
  if (result === undefined) {
    result = Object.freeze({ status: 'unverified', code });
    unverifiedResults.set(code, result);
  }
  return result;
}
