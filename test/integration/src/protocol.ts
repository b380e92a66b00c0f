// Shapes shared by the test process and the service children: configuration, hop plans, IPC, responses.
import type { JwtTelemetryConfig } from 'otel-jwt';

/** Environment variable carrying a service's JSON configuration into its child process. */
export const SERVICE_CONFIG_ENV = 'OTEL_JWT_TEST_SERVICE';

/** Request header asking a service's app to put the caller's token on its spans (value `token`). */
export const CARELESS_HEADER = 'x-test-careless';

/** Request header carrying the rest of the call chain, base64url-encoded JSON of `HopStep[]`. */
export const PLAN_HEADER = 'x-test-plan';

export type ServiceName = 'A' | 'B' | 'C';

/** What a child needs; only the JSON-able parts of the telemetry config survive the trip. */
export interface ServiceConfig {
  readonly name: ServiceName;
  readonly telemetry: JwtTelemetryConfig;
  /** Careless services only: where they export OTLP/HTTP, and in which encoding. */
  readonly otlp?: { readonly endpoint: string; readonly encoding: OtlpEncoding };
  /** Careless services only: the origin of the service they call next. */
  readonly next?: string;
}

export type OtlpEncoding = 'json' | 'protobuf';

/** One outgoing call a service makes on behalf of the plan. */
export interface HopStep {
  readonly url: string;
  /**
   * `'keep'`: the app copies the inbound Authorization header (app-level forwarding).
   * `'none'` or absent: the app sends none (the library's forwardToken may still add one).
   * Anything else: sent verbatim as the Authorization header.
   */
  readonly authorization?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What `getAuth(context.active())` told the app, in JSON form; null when no otel-jwt propagator ran. */
export interface AuthSummary {
  readonly status: string;
  readonly code?: string;
  readonly sub?: string;
  readonly subjectVerdict?: string;
  readonly removedBaggageKeys: readonly string[];
  readonly removalReason?: string;
}

export interface HopResponse {
  readonly service: ServiceName;
  /** Trace id of the service's active span, so the test can pick this request's spans. */
  readonly traceId: string;
  readonly auth: AuthSummary | null;
  /** Baggage entries as the app sees them through `propagation.getBaggage(context.active())`. */
  readonly baggage: Readonly<Record<string, string>>;
  readonly downstream: Downstream | null;
  /** Metadata (properties) of the baggage entries that have any; set by the matrix services. */
  readonly baggageMetadata?: Readonly<Record<string, string>>;
  /** Authorization headers (gRPC: metadata entries) the service received; set by the matrix services. */
  readonly authorizations?: number;
}

export interface SinkResponse {
  readonly sink: string;
}

export interface DownstreamFailure {
  readonly error: string;
}

export type Downstream = HopResponse | SinkResponse | DownstreamFailure;

export interface SpanEventRecord {
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** An ended span, reduced to what the scenarios assert on. */
export interface SpanRecord {
  readonly name: string;
  readonly kind: 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events: readonly SpanEventRecord[];
  readonly status: { readonly code: number; readonly message?: string };
}

/** What a child runs on, so a run can prove which Node and SDK line it exercised. */
export interface Runtime {
  readonly node: string;
  /** Version of `@opentelemetry/instrumentation-http` (0.301.x with SDK 3.x, 0.223.x with SDK 2.x). */
  readonly instrumentationHttp: string;
}

export type ToService = { readonly type: 'spans'; readonly id: number } | { readonly type: 'stop' };

export type FromService =
  | {
      readonly type: 'ready';
      readonly runtime: Runtime;
      readonly port: number;
      /** A second listener of the same app, for settings that treat two origins of one service apart. */
      readonly secondPort?: number;
    }
  | { readonly type: 'spans'; readonly id: number; readonly spans: readonly SpanRecord[] };
