// Shapes shared by the fault-run tests and the service child process; the messages that carry them
// are @otel-jwt/load-support's (service-messages.ts).
import type { IssuerKeyStatus, JwtTelemetryConfig } from 'otel-jwt';

/** Environment variable carrying the service's otel-jwt configuration (JSON) into its child process. */
export const SERVICE_CONFIG_ENV = 'OTEL_JWT_RESILIENCE_SERVICE';

/** Environment variable carrying the upstream URL the service forwards to, as a gateway, on {@link FORWARD_PATH}. */
export const UPSTREAM_ENV = 'OTEL_JWT_RESILIENCE_UPSTREAM';

/** Requests to this path are forwarded to the upstream with their Authorization header, then answered. */
export const FORWARD_PATH = '/forward';

/** Request header naming the stream a request belongs to, so verdicts are counted per stream. */
export const STREAM_HEADER = 'x-stream';

/** Baggage value the hostile stream forges for auth keys; the app must never see it. */
export const FORGED_VALUE = 'forged-by-client';

/** Verdicts by stream: `status` or `status/code` (e.g. `unverified/unknown_key`) to count. */
export type VerdictCounts = Record<string, Record<string, number>>;

export interface ServiceStats {
  readonly verdicts: VerdictCounts;
  /** Requests whose handler saw a forged auth baggage value (must stay 0). */
  readonly forgedSeen: number;
  /** Errors that reached the process: uncaught exceptions and unhandled rejections (must stay 0). */
  readonly uncaught: number;
  /** Messages of the OpenTelemetry diag logger, warn level and above (the last 50). */
  readonly diagnostics: readonly string[];
  readonly keyStatus: readonly IssuerKeyStatus[];
  /** Live heap after a full garbage collection. */
  readonly heapUsed: number;
  /** Slowest single call of the propagator's extract, in milliseconds, and how many calls were timed. */
  readonly extract: SlowestCall;
  /** The same for the HTTP instrumentation's outgoing-span hook (it remembers outgoing credentials). */
  readonly outgoingHook: SlowestCall;
  /** Forwarded requests the upstream answered with 200, and those that failed. */
  readonly forwarded: number;
  readonly forwardFailures: number;
}

export interface SlowestCall {
  /** On the clock. */
  readonly slowestMs: number;
  /** The lesser of clock and thread CPU time: without other processes' time slices (see slowest.ts). */
  readonly slowestRunningMs: number;
  readonly calls: number;
}

export type ServiceConfig = JwtTelemetryConfig;
