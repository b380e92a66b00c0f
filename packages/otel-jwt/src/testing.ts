// `otel-jwt/testing`: a leak scanner for the tests of applications using otel-jwt (or any telemetry).
export { assertNoTokenLeaks, TokenLeakError } from './leak-scanner/leak-assert.js';
export type {
  LeakAttributes,
  LeakLogRecord,
  LeakResource,
  LeakScope,
  LeakSpan,
} from './leak-scanner/leak-memory-walk.js';
export type {
  LeakForm,
  LeakMatch,
  LeakReport,
  TokenLeak,
  UndecodableReason,
  UndecodableTelemetry,
} from './leak-scanner/leak-report.js';
export { describeLeakReport } from './leak-scanner/leak-report.js';
export type { LeakScanner, LeakTelemetry } from './leak-scanner/leak-scanner.js';
export { createLeakScanner, findTokenLeaks } from './leak-scanner/leak-scanner.js';
export type { ProtobufSignal } from './leak-scanner/otlp-protobuf-walk.js';
export type { OtlpPayload, OtlpString } from './leak-scanner/otlp-strings.js';
export { readOtlpStrings } from './leak-scanner/otlp-strings.js';
