// Spans and log records for bench/redaction.bench.ts: a typical server span of 20 attributes and 2 events,
// started and ended on real SDK 3.x tracers, and a log record, with and without otel-jwt's redaction.
import { type Attributes, SpanKind, type Tracer } from '@opentelemetry/api';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BatchLogRecordProcessor, LoggerProvider, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import type { JwtLogRecordProcessor, JwtSpanProcessor } from '../src/index.ts';

/**
 * 20 attributes: what instrumentation-http sets on a server span, plus an application's own. Four of
 * them are replaced per span by {@link spanLifecycle} with request-specific values.
 */
export const TYPICAL_ATTRIBUTES: Attributes = Object.freeze({
  'http.request.method': 'GET',
  'url.scheme': 'https',
  'url.path': '/api/v1/orders/8f14e45f-ceea-467f-a0e6-0123456789ab',
  'url.query': 'page=2&sort=created_at&limit=50',
  'server.address': 'orders.internal.example.com',
  'server.port': 8443,
  'network.peer.address': '10.12.3.44',
  'network.peer.port': 53412,
  'network.protocol.version': '1.1',
  'client.address': '203.0.113.7',
  'user_agent.original':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'http.route': '/api/v1/orders/:id',
  'http.response.status_code': 200,
  'app.order_id': '8f14e45f-ceea-467f-a0e6-0123456789ab',
  'app.customer_tier': 'gold',
  'app.items': ['sku-1029', 'sku-2231', 'sku-7781'],
  'app.total_cents': 129_900,
  'app.region': 'eu-west-1',
  'app.feature_flags': ['new-checkout', 'fast-shipping'],
  'app.cache_hit': false,
});

const CACHE_EVENT: Attributes = Object.freeze({ 'cache.key': 'orders:8f14e45f', 'cache.ttl_seconds': 30 });
const DB_EVENT: Attributes = Object.freeze({
  'db.system.name': 'postgresql',
  'db.query.text': 'SELECT id, status, total_cents FROM orders WHERE id = $1 AND tenant_id = $2 LIMIT 1',
  'db.response.returned_rows': 1,
});

/** What the benchmark's exporter does with a batch: nothing, or encode it as an OTLP exporter would. */
export type ExportWork = 'discard' | 'encode';

/** The exporter interface of SDK 3.x, as the batch processors and otel-jwt's wrappers take it. */
export interface BenchExporter<T> {
  export(items: T[], done: (result: { code: number }) => void): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** What the exporting processor is given: the exporter itself, or an otel-jwt wrapper around it. */
export type Wrap<T> = (exporter: BenchExporter<T>) => BenchExporter<T>;

/**
 * A tracer as in production: spans end in a BatchSpanProcessor, `first` registered before it, whose
 * exporter is `wrap`ped (in a `RedactingSpanExporter`, as otel-jwt recommends). The exporter sends
 * nothing: it discards each batch, or first encodes it as OTLP protobuf, the work every OTLP exporter
 * does per span.
 */
export function benchTracer(
  first: readonly JwtSpanProcessor[],
  work: ExportWork,
  wrap: Wrap<ReadableSpan> = (exporter) => exporter,
) {
  const exporter: BenchExporter<ReadableSpan> = {
    export: (spans, done) => {
      if (work === 'encode') ProtobufTraceSerializer.serializeRequest(spans);
      done({ code: 0 });
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const batch = new BatchSpanProcessor({
    exporter: wrap(exporter),
    maxQueueSize: 65_536,
    maxExportBatchSize: 4_096,
    scheduledDelayMillis: 60_000,
  });
  const provider = new TracerProvider({ spanProcessors: [...(first as never[]), batch] });
  return { tracer: provider.getTracer('redaction-bench'), flush: () => provider.forceFlush() };
}

let served = 0;

/**
 * How the request's own id is written: a UUID, as most are, or a base64url id (as some stores mint),
 * which holds characters outside the hex digits redaction can skip while no token has 16 in a row.
 */
export type IdForm = 'uuid' | 'base64url';

function orderIdOf(n: number, form: IdForm): string {
  const serial = (n & 0xffff).toString(16).padStart(4, '0');
  return form === 'uuid'
    ? `8f14e45f-ceea-467f-${serial}-0123456789ab`
    : `Xk9_qLm2-VbT7w${serial}Rz3YpN8s_e0Qh`;
}

/**
 * One span's whole life: start, 20 attributes, 2 events, end; `extra` is set last (a planted token). As
 * on a real server, the request-specific values are new strings every time (the order id in the path,
 * the query, the client port); the rest repeat from span to span.
 */
export function spanLifecycle(tracer: Tracer, extra?: Attributes, form: IdForm = 'uuid'): void {
  served++;
  const orderId = orderIdOf(served, form);
  const span = tracer.startSpan('GET /api/v1/orders/:id', { kind: SpanKind.SERVER });
  span.setAttributes({
    ...TYPICAL_ATTRIBUTES,
    'url.path': `/api/v1/orders/${orderId}`,
    'url.query': `page=${served % 7}&sort=created_at&limit=50`,
    'network.peer.port': 40_000 + (served % 20_000),
    'app.order_id': orderId,
  });
  span.addEvent('cache.miss', CACHE_EVENT);
  span.addEvent('db.query', DB_EVENT);
  if (extra !== undefined) span.setAttributes(extra);
  span.end();
}

/**
 * A logger as in production: records end in a BatchLogRecordProcessor, `first` registered before it,
 * whose exporter is `wrap`ped (in a `RedactingLogRecordExporter`, as otel-jwt recommends).
 */
export function benchLogger(
  first: readonly JwtLogRecordProcessor[],
  work: ExportWork,
  wrap: Wrap<ReadableLogRecord> = (exporter) => exporter,
) {
  const exporter: BenchExporter<ReadableLogRecord> = {
    export: (records, done) => {
      if (work === 'encode') ProtobufLogsSerializer.serializeRequest(records);
      done({ code: 0 });
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const batch = new BatchLogRecordProcessor({
    exporter: wrap(exporter),
    maxQueueSize: 65_536,
    maxExportBatchSize: 4_096,
    scheduledDelayMillis: 60_000,
  });
  const provider = new LoggerProvider({ processors: [...(first as never[]), batch] });
  return { logger: provider.getLogger('redaction-bench'), flush: () => provider.forceFlush() };
}

/**
 * One log record's whole life: emitted with a message and 8 attributes, the request-specific ones (the
 * order id, the path, the client port) new every time, as an application logs a handled request.
 */
export function logLifecycle(logger: ReturnType<LoggerProvider['getLogger']>): void {
  served++;
  const orderId = orderIdOf(served, 'uuid');
  logger.emit({
    severityText: 'INFO',
    body: `order ${orderId} placed`,
    attributes: {
      'http.request.method': 'GET',
      'url.path': `/api/v1/orders/${orderId}`,
      'http.response.status_code': 200,
      'client.address': '203.0.113.7',
      'network.peer.port': 40_000 + (served % 20_000),
      'user_agent.original': TYPICAL_ATTRIBUTES['user_agent.original'] as string,
      'app.order_id': orderId,
      'app.customer_tier': 'gold',
    },
  });
}
