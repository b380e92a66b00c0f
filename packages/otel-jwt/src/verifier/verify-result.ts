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
  /** Status list value 0x01 (INVALID), or the token's `jti` is on the deny-list. */
  | 'revoked'
  /** Status list value 0x02 (SUSPENDED). */
  | 'suspended'
  /** Any other non-zero status list value (0x03 and application-specific values). */
  | 'status_not_valid'
  /** A malformed `status` claim, a list URI the issuer does not allow, or an index past the end of the list. */
  | 'invalid_status_reference'
  /** The introspection endpoint answered `active: false`. */
  | 'token_inactive'
  /** From the propagator's token sources, never from the verifier: two different tokens in one request. */
  | 'multiple_tokens'
  /** From the propagator's token sources: an Authorization header that is not a well-formed credential. */
  | 'malformed_authorization';

/** Why a token could not be checked yet; not a judgement on the token itself. */
export type UnverifiedCode =
  | 'unknown_key'
  | 'keys_unavailable'
  /** The token's status list (or the deny-list document) cannot be had, and the configured outcome is to refuse. */
  | 'status_unavailable'
  /** An opaque token with no cached introspection answer (no admission step ran for it). */
  | 'not_introspected'
  /** The introspection endpoint failed for this token (timeout, HTTP error, bad answer). */
  | 'introspection_unavailable';

/** JOSE header of a verified token (frozen). */
export type JwtHeader = Readonly<Record<string, unknown>> & { readonly alg: string };

/** Claims of a verified token (frozen, nested values too). */
export type JwtClaims = Readonly<Record<string, unknown>> & {
  /** Absent from a self-issued token; for an introspected token, the configured issuer. */
  readonly iss?: string;
  /** Always there in a `jws` result; an introspection answer may go without. */
  readonly exp?: number;
  readonly sub?: string;
};

/** What every valid result holds, whatever form the token took. */
interface ValidBase {
  readonly status: 'valid';
  /** The configured issuer whose policy accepted the token: its `issuer`, or a self-issued issuer's `name`. */
  readonly issuer: string;
  /**
   * The value of the issuer's subject claim (`subjectClaim`, default `sub`) when it is a string of 1 to 1024
   * characters; proofs, `user.hash`, `user.id` and subject verdicts are made from it.
   */
  readonly subject: string | undefined;
}

/** A compact JWS whose signature, header and claims were checked. */
export interface ValidJwsResult extends ValidBase {
  readonly form: 'jws';
  readonly header: JwtHeader;
  /** `exp` is always there. */
  readonly claims: JwtClaims;
  /** `kid` of the key that verified the signature, if it has one. */
  readonly keyId: string | undefined;
}

/** An opaque token its issuer's introspection endpoint answered active (RFC 7662); no header, no key. */
export interface ValidIntrospectedResult extends ValidBase {
  readonly form: 'introspected';
  readonly header: undefined;
  /** `iss` is always there (the configured issuer when the answer has none). */
  readonly claims: JwtClaims;
  readonly keyId: undefined;
}

export type ValidResult = ValidJwsResult | ValidIntrospectedResult;

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
