// Metrics for bench/redaction.bench.ts: a service's typical instrument set on a real sdk-metrics 3.x
// MeterProvider, collected and exported through a PeriodicExportingMetricReader, with and without
// otel-jwt's metric exporter wrapper (OpenTelemetry JS has no metric processor, so the wrapper is all
// the redaction metrics get).
import type { Attributes } from '@opentelemetry/api';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** The push exporter interface of sdk-metrics 3.x, as the reader and otel-jwt's wrapper take it. */
export interface BenchMetricExporter {
  export(metrics: ResourceMetrics, done: (result: { code: number }) => void): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

const ROUTES = ['/api/v1/orders', '/api/v1/orders/:id', '/api/v1/orders/:id/items', '/api/v1/customers/:id'];
const PEERS = ['payments.internal.example.com', 'inventory.internal.example.com'];
const TABLES = ['orders', 'order_items', 'customers'];

/**
 * What a service of the README's kind records: HTTP server and client durations and active requests
 * (the attributes instrumentation-http sets), database call durations, and two application counters.
 * 32 time series over 6 instruments, each with 2 to 5 attributes.
 */
function record(meter: ReturnType<MeterProvider['getMeter']>): void {
  const server = meter.createHistogram('http.server.request.duration', { unit: 's' });
  for (const route of ROUTES) {
    for (const [method, status] of [
      ['GET', 200],
      ['GET', 404],
      ['POST', 201],
    ] as const) {
      server.record(0.012, {
        'http.request.method': method,
        'http.route': route,
        'http.response.status_code': status,
        'url.scheme': 'https',
        'network.protocol.version': '1.1',
      });
    }
  }
  const active = meter.createUpDownCounter('http.server.active_requests');
  for (const method of ['GET', 'POST'])
    active.add(1, { 'http.request.method': method, 'url.scheme': 'https' });
  const client = meter.createHistogram('http.client.request.duration', { unit: 's' });
  for (const peer of PEERS) {
    for (const status of [200, 503]) {
      client.record(0.03, {
        'http.request.method': 'POST',
        'server.address': peer,
        'server.port': 443,
        'http.response.status_code': status,
      });
    }
  }
  const db = meter.createHistogram('db.client.operation.duration', { unit: 's' });
  for (const table of TABLES) {
    for (const operation of ['SELECT', 'INSERT']) {
      db.record(0.002, {
        'db.system.name': 'postgresql',
        'db.operation.name': operation,
        'db.collection.name': table,
        'server.address': 'orders-db.internal.example.com',
      });
    }
  }
  const placed = meter.createCounter('app.orders.placed');
  for (const tier of ['gold', 'silver', 'bronze']) {
    for (const region of ['eu-west-1', 'us-east-1']) {
      placed.add(3, { 'app.customer_tier': tier, 'app.region': region } satisfies Attributes);
    }
  }
  const verified = meter.createCounter('app.auth.verifications');
  verified.add(5, { 'jwt.result': 'valid', 'jwt.issuer': 'https://idp.example' });
  verified.add(1, { 'jwt.result': 'invalid', 'jwt.issuer': 'https://idp.example' });
}

/**
 * A MeterProvider as in production: its PeriodicExportingMetricReader exports through `wrap(exporter)`
 * (in a `RedactingMetricExporter`, as otel-jwt recommends), here only when flushed. The exporter sends
 * nothing: it encodes each collection as OTLP protobuf, as the OTLP metric exporters do.
 */
export function benchMeter(wrap: (exporter: BenchMetricExporter) => BenchMetricExporter = (e) => e) {
  const exporter: BenchMetricExporter = {
    export: (metrics, done) => {
      ProtobufMetricsSerializer.serializeRequest(metrics);
      done({ code: 0 });
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const reader = new PeriodicExportingMetricReader({
    exporter: wrap(exporter) as never,
    exportIntervalMillis: 3_600_000,
  });
  const provider = new MeterProvider({ readers: [reader] });
  record(provider.getMeter('orders-service', '1.4.2'));
  /** One metric export: collect every instrument, then export (encode) the collection. */
  return { exportOnce: () => reader.forceFlush() };
}
