// Converts the collected spans to Jaeger's JSON trace format (what Jaeger's /api/traces returns and the
// Jaeger UI's "JSON File" upload reads), mapping OTLP the way Jaeger's own OTLP receiver does: attributes
// become typed tags, span kind and status become tags, events become span logs, parents CHILD_OF.
import { type AnyValue, type Attributes, type CollectedSpan, plainValue } from './otlp-model.ts';

export interface JaegerTag {
  readonly key: string;
  readonly type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  readonly value: string | boolean | number;
}

export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly flags: number;
  readonly operationName: string;
  readonly references: readonly {
    readonly refType: 'CHILD_OF';
    readonly traceID: string;
    readonly spanID: string;
  }[];
  readonly startTime: number;
  readonly duration: number;
  readonly tags: readonly JaegerTag[];
  readonly logs: readonly { readonly timestamp: number; readonly fields: readonly JaegerTag[] }[];
  readonly processID: string;
  readonly warnings: null;
}

export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: readonly JaegerSpan[];
  readonly processes: Readonly<
    Record<string, { readonly serviceName: string; readonly tags: readonly JaegerTag[] }>
  >;
  readonly warnings: null;
}

const SPAN_KIND = ['', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS = ['', 'OK', 'ERROR'];

export function toJaeger(
  traceIds: readonly string[],
  spansOf: (traceId: string) => readonly CollectedSpan[],
): {
  readonly data: readonly JaegerTrace[];
} {
  return { data: traceIds.map((traceId) => toTrace(traceId, spansOf(traceId))) };
}

function toTrace(traceId: string, spans: readonly CollectedSpan[]): JaegerTrace {
  const processes: Record<string, { serviceName: string; tags: JaegerTag[] }> = {};
  const processIds = new Map<string, string>();
  const processOf = (span: CollectedSpan) => {
    let id = processIds.get(span.service);
    if (id === undefined) {
      id = `p${processIds.size + 1}`;
      processIds.set(span.service, id);
      const resource = [...span.resource].filter(([key]) => key !== 'service.name');
      processes[id] = { serviceName: span.service, tags: tags(new Map(resource)) };
    }
    return id;
  };
  const present = new Set(spans.map((span) => span.spanId));
  return {
    traceID: traceId,
    spans: spans.map((span) => ({
      traceID: traceId,
      spanID: span.spanId,
      flags: span.flags & 0xff || 1,
      operationName: span.name,
      references:
        span.parentSpanId !== '' && present.has(span.parentSpanId)
          ? [{ refType: 'CHILD_OF' as const, traceID: traceId, spanID: span.parentSpanId }]
          : [],
      startTime: micros(span.startNs),
      duration: Math.max(0, micros(span.endNs) - micros(span.startNs)),
      tags: [...tags(span.attributes), ...spanTags(span)],
      logs: span.events.map((event) => ({
        timestamp: micros(event.timeNs),
        fields: [{ key: 'event', type: 'string' as const, value: event.name }, ...tags(event.attributes)],
      })),
      processID: processOf(span),
      warnings: null,
    })),
    processes,
    warnings: null,
  };
}

/** What Jaeger derives from OTLP fields that are not attributes. */
function spanTags(span: CollectedSpan): JaegerTag[] {
  const extra: JaegerTag[] = [];
  const kind = SPAN_KIND[span.kind];
  if (kind) extra.push({ key: 'span.kind', type: 'string', value: kind });
  if (span.scope.name) extra.push({ key: 'otel.scope.name', type: 'string', value: span.scope.name });
  if (span.scope.version)
    extra.push({ key: 'otel.scope.version', type: 'string', value: span.scope.version });
  const status = STATUS[span.status.code];
  if (status) extra.push({ key: 'otel.status_code', type: 'string', value: status });
  if (status === 'ERROR') extra.push({ key: 'error', type: 'bool', value: true });
  if (span.status.message)
    extra.push({ key: 'otel.status_description', type: 'string', value: span.status.message });
  return extra;
}

function tags(attributes: Attributes): JaegerTag[] {
  return [...attributes].map(([key, value]) => tag(key, value));
}

/** Arrays and maps become JSON strings, as Jaeger stores them. */
function tag(key: string, value: AnyValue): JaegerTag {
  if (value.stringValue !== undefined) return { key, type: 'string', value: value.stringValue };
  if (value.boolValue !== undefined) return { key, type: 'bool', value: value.boolValue };
  if (value.intValue !== undefined) return { key, type: 'int64', value: Number(value.intValue) };
  if (value.doubleValue !== undefined) return { key, type: 'float64', value: value.doubleValue };
  if (value.bytesValue !== undefined) return { key, type: 'binary', value: value.bytesValue };
  return { key, type: 'string', value: JSON.stringify(plainValue(value) ?? null) };
}

function micros(nanos: bigint): number {
  return Number(nanos / 1000n);
}
