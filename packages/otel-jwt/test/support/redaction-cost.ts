import { type Context, context } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { RedactingSpanExporter } from '../../src/index.js';
import { extract, mint, TRACEPARENT, telemetry } from './telemetry-fixtures.js';

/** Span limits high enough that the SDK keeps everything the cost tests add. */
const UNLIMITED = {
  attributeCountLimit: 1_000_000,
  attributePerEventCountLimit: 1_000_000,
  attributePerLinkCountLimit: 1_000_000,
  eventCountLimit: 1_000_000,
  linkCountLimit: 1_000_000,
};

/**
 * The package as a service uses it: telemetry from `createJwtTelemetry`, a request whose token the
 * propagator verified (so the token is remembered and every string is scanned against its
 * fingerprints), a tracer with the span processor before the exporting one (and, for `exported`, a
 * redacting exporter behind it), and a logger with the log record processor first.
 */
export function costPipeline() {
  const jwt = telemetry();
  const token = mint({ sub: 'cost', scope: 'orders:read orders:write' });
  const request: Context = extract(jwt.propagator, {
    traceparent: TRACEPARENT,
    authorization: `Bearer ${token}`,
  });
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanLimits: UNLIMITED,
    spanProcessors: [jwt.spanProcessor, new SimpleSpanProcessor({ exporter: spans })],
  });
  const exported = new InMemorySpanExporter();
  const exportingProvider = new TracerProvider({
    spanLimits: UNLIMITED,
    spanProcessors: [new SimpleSpanProcessor({ exporter: new RedactingSpanExporter(exported) as never })],
  });
  const logs = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({
    logRecordLimits: { attributeCountLimit: 1_000_000 },
    processors: [jwt.logRecordProcessor as never, new SimpleLogRecordProcessor({ exporter: logs })],
  });
  const inRequest = <T>(body: () => T): T => context.with(request, body);
  type SdkSpan = ReturnType<ReturnType<TracerProvider['getTracer']>['startSpan']>;
  const tracer = tracerProvider.getTracer('cost');
  /** Ends one span through the span processor, in the request's context, after `fill` added to it. */
  const endSpan = (fill: (span: SdkSpan) => void): void => {
    inRequest(() => {
      const span = tracer.startSpan('GET /orders');
      fill(span);
      span.end();
    });
    spans.reset();
  };
  /** The span `fill` makes, as exported: to check that the operation timed redacts what it should. */
  const exportedSpan = (fill: (span: SdkSpan) => void) => {
    inRequest(() => {
      const span = tracer.startSpan('GET /orders');
      fill(span);
      span.end();
    });
    const [span] = spans.getFinishedSpans();
    spans.reset();
    return span;
  };
  return {
    token,
    endSpan,
    exportedSpan,
    /** A tracer without the span processor, whose exporter is wrapped in a `RedactingSpanExporter`. */
    exportingTracer: exportingProvider.getTracer('cost'),
    exported,
    /** A clean value most of the time, and every `every`th a string carrying the token. */
    mixedValue: (index: number, every: number) =>
      index % every === 0 ? `refused ${token}` : `step ${index} of the order`,
    logger: loggerProvider.getLogger('cost'),
    logs,
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `n` in base64url, `width` characters (zero-padded with `A`). */
export function base64urlNumber(n: number, width: number): string {
  let out = '';
  for (let rest = n; out.length < width; rest = Math.floor(rest / 64)) out = ALPHABET[rest % 64] + out;
  return out;
}

/**
 * Distinct strings made entirely of token material, as a client could choose the keys of a body an
 * application logs: even ones a JWT-shaped string, odd ones a piece of the remembered `token`'s
 * signature followed by a number (found through the fingerprints).
 */
export function tokenKeys(token: string, count: number): string[] {
  const signature = token.slice(token.lastIndexOf('.') + 1);
  return Array.from({ length: count }, (_, index) =>
    index % 2 === 0
      ? `eyJhbGciOiJFUzI1NiJ9.${base64urlNumber(index, 20)}`
      : `${signature.slice(0, 24)}${base64urlNumber(index, 4)}`,
  );
}
