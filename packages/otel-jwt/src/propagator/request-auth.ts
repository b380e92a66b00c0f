import { type Attributes, type Context, createContextKey } from '@opentelemetry/api';
import type { VerifyResult } from '../verifier/verify-result.js';

/** No token was found in any configured source. */
export interface AbsentResult {
  readonly status: 'absent';
}

/** What the propagator found for the request: a verifier outcome, or no token. */
export type AuthResult = VerifyResult | AbsentResult;

/**
 * Subject consistency across the hops of one trace:
 * - `consistent`: the token verified and its subject is the one the trace started with.
 * - `delegated`: the same subject, with an RFC 8693 `act` claim naming who acts for it.
 * - `changed`: the token verified, but its subject differs from the one the trace started with.
 * - `token_dropped`: the trace started with a verified subject, but this request has no token.
 * - `token_invalid`: the trace started with a verified subject, but this request's token is invalid.
 * - `token_unverified`: the trace started with a verified subject, but this request's token could not be
 *   checked yet (its key is not loaded: an outage, not a forgery).
 * - `no_upstream_proof`: the token verified and no valid proof came from upstream (the first hop).
 */
export type SubjectVerdict =
  | 'consistent'
  | 'delegated'
  | 'changed'
  | 'token_dropped'
  | 'token_invalid'
  | 'token_unverified'
  | 'no_upstream_proof';

/**
 * Why inbound baggage was removed: `no_verified_token` (this request has none), `missing_proof`,
 * `invalid_proof` (made with a key this service holds, and forged, tampered with or replayed from another
 * trace), `unknown_proof_key` (made with an `hmacKey` this service does not hold, or without one: the
 * services' keys differ, or a proof naming a made-up key id), `subject_mismatch` (the proof names another
 * subject), `unkeyed_proof` (a valid proof without `hmacKey` vouches for nothing: anyone can make one) or
 * `token_material` (an entry, auth or not, held something JWT-shaped or a piece of the request's token).
 */
export type BaggageRemovalReason =
  | 'no_verified_token'
  | 'missing_proof'
  | 'invalid_proof'
  | 'unknown_proof_key'
  | 'subject_mismatch'
  | 'unkeyed_proof'
  | 'token_material';

/** The verified identity of a request, as the propagator left it in the context. */
export interface RequestAuth {
  readonly result: AuthResult;
  /** Undefined when there was neither a token nor an upstream proof. */
  readonly subjectVerdict: SubjectVerdict | undefined;
  /** Inbound baggage keys removed (at most 16 listed, each cut to 64 characters); empty when none were. */
  readonly removedBaggageKeys: readonly string[];
  readonly removalReason: BaggageRemovalReason | undefined;
}

/** What the propagator hands to the span processor and to its own inject, beside the public view. */
export interface AuthState {
  readonly auth: RequestAuth;
  /** Attributes of the entry span (the first span of this service in the request). */
  readonly entryAttributes: Attributes;
  /** Digest of the verified subject for the proof; undefined unless the token verified. */
  readonly subjectDigest: string | undefined;
  /** Whether a valid proof came from upstream (and stays in baggage). */
  readonly upstreamProofValid: boolean;
  /** Subject digest under which inject may issue an entries proof; undefined when it must not. */
  readonly entriesDigest: string | undefined;
  /** The raw token, kept only when forwarding is configured and the token verified. */
  readonly token: string | undefined;
  /** Proof issued by inject, memoised per trace id. */
  issuedProof: { traceId: string; value: string } | undefined;
}

const AUTH_STATE = createContextKey('otel-jwt request auth');

export function withAuthState(context: Context, state: AuthState): Context {
  return context.setValue(AUTH_STATE, state);
}

export function authStateOf(context: Context): AuthState | undefined {
  const value = context.getValue(AUTH_STATE);
  return value === undefined ? undefined : (value as AuthState);
}

/**
 * The verified identity of the request the context belongs to, as the propagator's extract found it;
 * undefined when no otel-jwt propagator ran. Use it instead of verifying the token a second time.
 */
export function getAuth(context: Context): RequestAuth | undefined {
  return authStateOf(context)?.auth;
}
