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
export { ConfigurationError, OtelJwtError } from './errors.js';
export type { JwsAlgorithm } from './keys/algorithms.js';
export { SUPPORTED_ALGORITHMS } from './keys/algorithms.js';
export type { KeyRefreshConfig, KeySourceConfig, StaticKey } from './keys/key-config.js';
export type { KeySourceErrorCode } from './keys/key-source-error.js';
export { JwtPropagator } from './propagator/jwt-propagator.js';
export type { JwtMetricsConfig } from './propagator/metrics-option.js';
export type {
  AbsentResult,
  AuthResult,
  BaggageRemovalReason,
  RequestAuth,
  SubjectVerdict,
} from './propagator/request-auth.js';
export { getAuth } from './propagator/request-auth.js';
export type {
  AdmissionConfig,
  ClaimMapping,
  Destination,
  DestinationRule,
  JwtTelemetryConfig,
  SubjectConfig,
  TokenSource,
} from './propagator/telemetry-config.js';
export { CREDENTIAL_KEY_NAMES, CREDENTIAL_KEY_SUFFIXES } from './redaction/credential-keys.js';
export { SENSITIVE_QUERY_PARAMETERS } from './redaction/query-parameters.js';
export type { RedactionConfig } from './redaction/redaction-config.js';
export { REDACTED } from './redaction/text-redaction.js';
export type { DenyListConfig } from './revocation/deny-list-config.js';
export { DenyListError } from './revocation/deny-list-error.js';
export type { IntrospectionConfig } from './revocation/introspection-config.js';
export type { StatusListConfig } from './revocation/status-list-config.js';
export type { ExpressRequireAuthMiddleware } from './route-protection/express-require-auth.js';
export { expressRequireAuth } from './route-protection/express-require-auth.js';
export type {
  FastifyReplyLike,
  FastifyRequireAuthHook,
} from './route-protection/fastify-require-auth.js';
export { fastifyRequireAuth } from './route-protection/fastify-require-auth.js';
export type { ServerResponseLike } from './route-protection/node-http-require-auth.js';
export { nodeHttpRequireAuth } from './route-protection/node-http-require-auth.js';
export type { RouteGuard } from './route-protection/require-auth.js';
export { requireAuth } from './route-protection/require-auth.js';
export type { RequireAuthConfig } from './route-protection/require-auth-config.js';
export type {
  RouteAccess,
  RouteAllowed,
  RouteRefusalReason,
  RouteRefused,
} from './route-protection/route-access.js';
export type { JwtAdmission } from './sdk/admission-step.js';
export type { JwtGrpcClientOptions } from './sdk/grpc-client-options.js';
export { jwtGrpcClientOptions } from './sdk/grpc-client-options.js';
export type {
  JwtGrpcInstrumentationConfig,
  JwtGrpcInstrumentationOptions,
} from './sdk/grpc-instrumentation-config.js';
export { jwtGrpcInstrumentationConfig } from './sdk/grpc-instrumentation-config.js';
export type {
  JwtHttpInstrumentationConfig,
  JwtHttpInstrumentationOptions,
} from './sdk/http-instrumentation-config.js';
export { jwtHttpInstrumentationConfig } from './sdk/http-instrumentation-config.js';
export type { EmittedLogRecord, JwtLogRecordProcessorConfig } from './sdk/jwt-log-record-processor.js';
export { JwtLogRecordProcessor } from './sdk/jwt-log-record-processor.js';
export type { JwtSpanProcessorConfig, StartedSpan } from './sdk/jwt-span-processor.js';
export { JwtSpanProcessor } from './sdk/jwt-span-processor.js';
export type { JwtTelemetry } from './sdk/jwt-telemetry.js';
export { createJwtTelemetry } from './sdk/jwt-telemetry.js';
export {
  ATTR_JWT_ADMISSION_OUTCOME,
  ATTR_JWT_FETCH_OUTCOME,
  ATTR_JWT_KEY_REFRESH_OUTCOME,
  ATTR_JWT_REDACTION_SIGNAL,
  METRIC_JWT_ADMISSION_DURATION,
  METRIC_JWT_BAGGAGE_REMOVALS,
  METRIC_JWT_DENY_LIST_FETCHES,
  METRIC_JWT_INTROSPECTION_REQUESTS,
  METRIC_JWT_KEY_AGE,
  METRIC_JWT_KEY_REFRESHES,
  METRIC_JWT_REDACTIONS,
  METRIC_JWT_STATUS_LIST_FETCHES,
  METRIC_JWT_SUBJECT_VERDICTS,
  METRIC_JWT_VERIFICATIONS,
} from './sdk/metric-names.js';
export type {
  LogRecordExporterLike,
  RedactableLogRecord,
  RedactingLogRecordExporterConfig,
} from './sdk/redacting-log-exporter.js';
export { RedactingLogRecordExporter } from './sdk/redacting-log-exporter.js';
export type {
  MetricExporterLike,
  RedactableMetricData,
  RedactableResourceMetrics,
  RedactingMetricExporterConfig,
} from './sdk/redacting-metric-exporter.js';
export { RedactingMetricExporter } from './sdk/redacting-metric-exporter.js';
export type { RedactingSpanExporterConfig, SpanExporterLike } from './sdk/redacting-span-exporter.js';
export { RedactingSpanExporter } from './sdk/redacting-span-exporter.js';
export type { RedactableSpan } from './sdk/span-redaction.js';
export type {
  JwtUndiciInstrumentationConfig,
  JwtUndiciInstrumentationOptions,
} from './sdk/undici-instrumentation-config.js';
export { jwtUndiciInstrumentationConfig } from './sdk/undici-instrumentation-config.js';
export type { AdmitOptions, AdmitOutcome } from './verifier/admission-checks.js';
export type { JwtVerifier } from './verifier/jwt-verifier.js';
export { createJwtVerifier } from './verifier/jwt-verifier.js';
export type { IssuerKeyStatus, KeyState } from './verifier/key-status.js';
export type {
  IssuerChecks,
  IssuerConfig,
  JwtVerifierConfig,
  SelfIssuedConfig,
  SelfIssuedSecret,
  TrustedIssuerConfig,
} from './verifier/verifier-config.js';
export type {
  InvalidCode,
  InvalidResult,
  JwtClaims,
  JwtHeader,
  UnverifiedCode,
  UnverifiedResult,
  ValidIntrospectedResult,
  ValidJwsResult,
  ValidResult,
  VerifyResult,
} from './verifier/verify-result.js';
