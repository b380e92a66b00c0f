// Shapes shared by the fault-run tests and the service child process.
import type { IssuerKeyStatus, JwtTelemetryConfig } from 'otel-jwt';

/** Environment variable carrying the service's otel-jwt configuration (JSON) into its child process. */
export const SERVICE_CONFIG_ENV = 'OTEL_JWT_RESILIENCE_SERVICE';

/** Request header naming the stream a request belongs to, so verdicts are counted per stream. */
export const STREAM_HEADER = 'x-stream';

/** Baggage value the hostile stream forges for auth keys; the app must never see it. */
export const FORGED_VALUE = 'forged-by-client';

export type ToService = { readonly type: 'stats' } | { readonly type: 'stop' };

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
}

export type FromService =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'stats'; readonly stats: ServiceStats };

export type ServiceConfig = JwtTelemetryConfig;
