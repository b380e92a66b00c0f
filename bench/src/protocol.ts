// Shapes shared by the benchmark runners and the service child processes; the messages that carry
// them are @otel-jwt/load-support's (service-messages.ts).

/** Environment variable carrying a service's JSON configuration into its child process. */
export const SERVICE_CONFIG_ENV = 'OTEL_JWT_BENCH_SERVICE';

/**
 * A: no OpenTelemetry. B: NodeSDK + instrumentation-http + batch processor to a discarding exporter.
 * C: B plus otel-jwt. D: B plus `jose.jwtVerify` of the bearer token in the request handler.
 */
export type Variant = 'A' | 'B' | 'C' | 'D';

export const VARIANTS: readonly Variant[] = ['A', 'B', 'C', 'D'];

export interface ServiceConfig {
  readonly variant: Variant;
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: string;
  /** otel-jwt's verified-token cache capacity (variant C); the library default when absent. */
  readonly cacheMaxEntries?: number;
  /** Count verified-cache hits in the handler (variant C; the memory run). */
  readonly countHits?: boolean;
}

export interface ServiceStats {
  /** `process.memoryUsage()` right after a full garbage collection (when `--expose-gc` is on). */
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly rss: number;
  /** CPU time of the whole process (event loop and thread pool), user + system, in microseconds. */
  readonly cpuUs: number;
  readonly requests: number;
  /** Valid results the verifier served from its cache, and those it verified (variant C with countHits). */
  readonly hits: number;
  readonly misses: number;
  /** Responses other than 200 (a token that did not verify). */
  readonly refused: number;
}
