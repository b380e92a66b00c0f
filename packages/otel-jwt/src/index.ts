export type { JwsAlgorithm } from './algorithms.js';
export { SUPPORTED_ALGORITHMS } from './algorithms.js';
export {
  ATTR_JWT_ACTOR_CHAIN,
  ATTR_JWT_BAGGAGE_OMITTED,
  ATTR_JWT_BAGGAGE_REMOVAL_REASON,
  ATTR_JWT_BAGGAGE_REMOVED,
  ATTR_JWT_CLAIMS_OMITTED,
  ATTR_JWT_CLIENT_ID,
  ATTR_JWT_ERROR_CODE,
  ATTR_JWT_ISSUER,
  ATTR_JWT_REDACTION_COUNT,
  ATTR_JWT_RESULT,
  ATTR_JWT_SCOPES,
  ATTR_JWT_SUBJECT_CHANGED,
  ATTR_JWT_SUBJECT_VERDICT,
  ATTR_JWT_TOKEN_ID,
  ATTR_USER_HASH,
  ATTR_USER_ID,
  ATTR_USER_ROLES,
  BAGGAGE_JWT_SUBJECT_PROOF,
  EVENT_JWT_SUBJECT_CHANGED,
} from './attribute-keys.js';
export type {
  IssuerConfig,
  JwtVerifierConfig,
  KeyRefreshConfig,
  KeySourceConfig,
  StaticKey,
} from './config.js';
export { CREDENTIAL_KEY_NAMES, CREDENTIAL_KEY_SUFFIXES } from './credential-keys.js';
export { ConfigurationError, OtelJwtError } from './errors.js';
export type {
  JwtHttpInstrumentationConfig,
  JwtHttpInstrumentationOptions,
} from './http-instrumentation-config.js';
export { jwtHttpInstrumentationConfig } from './http-instrumentation-config.js';
export type { EmittedLogRecord, JwtLogRecordProcessorConfig } from './jwt-log-record-processor.js';
export { JwtLogRecordProcessor } from './jwt-log-record-processor.js';
export { JwtPropagator } from './jwt-propagator.js';
export type { JwtSpanProcessorConfig, StartedSpan } from './jwt-span-processor.js';
export { JwtSpanProcessor } from './jwt-span-processor.js';
export type { JwtTelemetry } from './jwt-telemetry.js';
export { createJwtTelemetry } from './jwt-telemetry.js';
export type { JwtVerifier } from './jwt-verifier.js';
export type { KeySourceErrorCode } from './key-source-error.js';
export type { IssuerKeyStatus, KeyState } from './key-status.js';
export { SENSITIVE_QUERY_PARAMETERS } from './query-parameters.js';
export type { RedactingSpanExporterConfig, SpanExporterLike } from './redacting-span-exporter.js';
export { RedactingSpanExporter } from './redacting-span-exporter.js';
export type { RedactionConfig } from './redaction-config.js';
export type {
  AbsentResult,
  AuthResult,
  BaggageRemovalReason,
  RequestAuth,
  SubjectVerdict,
} from './request-auth.js';
export { getAuth } from './request-auth.js';
export type { RedactableSpan } from './span-redaction.js';
export type {
  ClaimMapping,
  Destination,
  DestinationRule,
  JwtTelemetryConfig,
  SubjectConfig,
  TokenSource,
} from './telemetry-config.js';
export { REDACTED } from './text-redaction.js';
export { createJwtVerifier } from './verifier.js';
export type {
  InvalidCode,
  InvalidResult,
  JwtClaims,
  JwtHeader,
  UnverifiedCode,
  UnverifiedResult,
  ValidResult,
  VerifyResult,
} from './verify-result.js';
