/**
 * Every attribute, event and baggage key otel-jwt writes. Semantic-convention names are copied, not
 * imported from `@opentelemetry/semantic-conventions/incubating`, whose names may change between versions.
 */

/** Raw subject (`sub`); personal data, written only when `subject.onSpans` is `'raw'`. */
export const ATTR_USER_ID = 'user.id';
/** Keyed pseudonym of issuer and subject (the default). */
export const ATTR_USER_HASH = 'user.hash';
/** Conventional key for a roles claim; written when a claim is mapped to it. */
export const ATTR_USER_ROLES = 'user.roles';

/** `valid`, `invalid`, `unverified` or `absent`. */
export const ATTR_JWT_RESULT = 'jwt.result';
/** Stable code of a refusal (an `InvalidCode` or `UnverifiedCode`). */
export const ATTR_JWT_ERROR_CODE = 'jwt.error_code';
/** The configured issuer that accepted the token. */
export const ATTR_JWT_ISSUER = 'jwt.issuer';
/** `client_id` (RFC 9068) or else `azp` of the token. */
export const ATTR_JWT_CLIENT_ID = 'jwt.client_id';
/** Scopes from `scope` (space-delimited) or `scp` (array). */
export const ATTR_JWT_SCOPES = 'jwt.scopes';
/** `jti`, or else a keyed fingerprint of the token that cannot be turned back into it. */
export const ATTR_JWT_TOKEN_ID = 'jwt.token_id';
/** Subject consistency verdict of this hop (a `SubjectVerdict`). */
export const ATTR_JWT_SUBJECT_VERDICT = 'jwt.subject.verdict';
/** `true` on a span where the subject differs from the one that started the trace. */
export const ATTR_JWT_SUBJECT_CHANGED = 'jwt.subject.changed';
/** Actors of an RFC 8693 `act` claim, outermost (current) first; pseudonyms unless `subject.onSpans` is `'raw'`. */
export const ATTR_JWT_ACTOR_CHAIN = 'jwt.actor_chain';
/** Inbound auth baggage keys removed because this service could not vouch for them. */
export const ATTR_JWT_BAGGAGE_REMOVED = 'jwt.baggage.removed';
/** Why they were removed (a `BaggageRemovalReason`). */
export const ATTR_JWT_BAGGAGE_REMOVAL_REASON = 'jwt.baggage.removal_reason';
/** Keys of mapped claims left out because the value broke a limit (or was not a string, number, boolean or array of them). */
export const ATTR_JWT_CLAIMS_OMITTED = 'jwt.claims.omitted';

/** Keys of mapped claims kept on spans but left out of baggage by the `maxAuthBaggageBytes` budget. */
export const ATTR_JWT_BAGGAGE_OMITTED = 'jwt.baggage.omitted';

/** How many values redaction replaced on this span or log record (set only when some were). */
export const ATTR_JWT_REDACTION_COUNT = 'jwt.redaction_count';

/** Span event recorded where the subject changes. */
export const EVENT_JWT_SUBJECT_CHANGED = 'jwt.subject_changed';

/** Baggage key of the subject proof. */
export const BAGGAGE_JWT_SUBJECT_PROOF = 'jwt.subject_proof';
/** Baggage key of the proof over the auth entries sent with it. */
export const BAGGAGE_JWT_ENTRIES_PROOF = 'jwt.entries_proof';
