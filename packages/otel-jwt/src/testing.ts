// `otel-jwt/testing`: a leak scanner for the tests of applications using otel-jwt (or any telemetry).
export { assertNoTokenLeaks, TokenLeakError } from './leak-assert.js';
export type {
  LeakAttributes,
  LeakLogRecord,
  LeakResource,
  LeakScope,
  LeakSpan,
} from './leak-memory-walk.js';
export type {
  LeakForm,
  LeakMatch,
  LeakReport,
  TokenLeak,
  UndecodableReason,
  UndecodableTelemetry,
} from './leak-report.js';
export { describeLeakReport } from './leak-report.js';
export type { LeakScanner, LeakTelemetry } from './leak-scanner.js';
export { createLeakScanner, findTokenLeaks } from './leak-scanner.js';
export type { ProtobufSignal } from './otlp-protobuf-walk.js';
export type { OtlpPayload, OtlpString } from './otlp-strings.js';
export { readOtlpStrings } from './otlp-strings.js';
