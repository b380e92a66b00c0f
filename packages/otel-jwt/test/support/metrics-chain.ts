import type { Context } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { createJwtTelemetry, type JwtTelemetry, type JwtTelemetryConfig } from '../../src/index.js';
import { type MetricsUnderTest, meterProvider } from './metric-reading.js';
import {
  AUDIENCE,
  extract,
  HMAC_KEY,
  ISSUER,
  injectTo,
  KEY,
  TRUSTED_ORIGIN,
  TRUSTED_URL,
} from './telemetry-fixtures.js';

// Three services in one process for the metrics tests: each hop has its own telemetry and its own meter
// provider, and what one hop's inject writes is the next hop's extract input.

/** One service: its telemetry, the meter provider its metrics go to, and its app's telemetry pipelines. */
export interface Hop {
  readonly jwt: JwtTelemetry;
  readonly metrics: MetricsUnderTest;
  /** Extract of an inbound request with these headers. */
  receive(headers: Record<string, string>): Context;
  /** The headers this hop sends to a trusted service from within `request`. */
  send(request: Context): Record<string, string>;
  /** Starts and ends a span in `request` that the application gave `attributes`. */
  span(request: Context, attributes: Record<string, string>): void;
  /** Emits a log record with `body` and `attributes`. */
  log(body: string, attributes: Record<string, string>): void;
  /** The application records one measurement of its own counter with `attributes`, then exports. */
  measure(attributes: Record<string, string>): Promise<void>;
  shutdown(): Promise<void>;
}

/** Static keys of the test issuer: what hops take unless given another verifier configuration. */
export const STATIC_VERIFIER: JwtTelemetryConfig['verifier'] = {
  issuers: [
    {
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: { type: 'static', keys: [{ type: 'jwk', jwk: KEY.publicJwk }] },
    },
  ],
};

export function hop(verifier: JwtTelemetryConfig['verifier'] = STATIC_VERIFIER): Hop {
  const metrics = meterProvider();
  const jwt = createJwtTelemetry({
    verifier,
    hmacKey: HMAC_KEY,
    claims: { tenant: 'tenant.id' },
    trustedDestinations: [TRUSTED_ORIGIN],
    forwardToken: { to: [TRUSTED_ORIGIN] },
    admission: 'off',
    metrics: { meterProvider: metrics.provider },
  });
  const tracing = new TracerProvider({
    spanProcessors: [
      jwt.spanProcessor,
      new SimpleSpanProcessor({ exporter: jwt.redactingSpanExporter(new InMemorySpanExporter()) as never }),
    ],
  });
  const logging = new LoggerProvider({
    processors: [
      jwt.logRecordProcessor as never,
      new SimpleLogRecordProcessor({ exporter: jwt.redactingLogExporter(new InMemoryLogRecordExporter()) }),
    ],
  });
  const appReader = new PeriodicExportingMetricReader({
    exporter: jwt.redactingMetricExporter(new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)),
    exportIntervalMillis: 3_600_000,
  });
  const app = new MeterProvider({ readers: [appReader] });
  const orders = app.getMeter('orders').createCounter('orders.placed');
  return {
    jwt,
    metrics,
    receive: (headers) => extract(jwt.propagator, headers),
    send: (request) => injectTo(jwt.propagator, request, TRUSTED_URL),
    span(request, attributes) {
      tracing.getTracer('app').startSpan('POST /orders', { attributes }, request).end();
    },
    log(body, attributes) {
      logging.getLogger('app').emit({ body, attributes });
    },
    async measure(attributes) {
      orders.add(1, attributes);
      await appReader.forceFlush();
    },
    async shutdown() {
      await Promise.all([tracing.shutdown(), logging.shutdown(), app.shutdown()]);
      await jwt.shutdown();
      await metrics.provider.shutdown();
    },
  };
}
