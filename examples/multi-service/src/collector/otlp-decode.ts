// Decodes OTLP/JSON request bodies (what @opentelemetry/exporter-*-otlp-http send) into plain records.
import {
  type AnyValue,
  attributeMap,
  type CollectedLog,
  type CollectedSpan,
  type KeyValue,
  plainValue,
} from './otlp-model.ts';

interface Resource {
  readonly attributes?: readonly KeyValue[];
}
interface JsonSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind?: number;
  readonly startTimeUnixNano: string | number;
  readonly endTimeUnixNano: string | number;
  readonly attributes?: readonly KeyValue[];
  readonly events?: readonly {
    readonly timeUnixNano: string | number;
    readonly name: string;
    readonly attributes?: readonly KeyValue[];
  }[];
  readonly status?: { readonly code?: number; readonly message?: string };
  readonly flags?: number;
}
interface JsonLog {
  readonly traceId?: string;
  readonly spanId?: string;
  readonly timeUnixNano?: string | number;
  readonly observedTimeUnixNano?: string | number;
  readonly severityText?: string;
  readonly body?: AnyValue;
  readonly attributes?: readonly KeyValue[];
}
interface Scope {
  readonly name?: string;
  readonly version?: string;
}

export function decodeTraces(body: string): CollectedSpan[] {
  const request = JSON.parse(body) as {
    resourceSpans?: { resource?: Resource; scopeSpans?: { scope?: Scope; spans?: JsonSpan[] }[] }[];
  };
  return (request.resourceSpans ?? []).flatMap(({ resource, scopeSpans }) => {
    const resourceAttributes = attributeMap(resource?.attributes);
    const service = String(plainValue(resourceAttributes.get('service.name')) ?? 'unknown');
    return (scopeSpans ?? []).flatMap(({ scope, spans }) =>
      (spans ?? []).map(
        (span): CollectedSpan => ({
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId ?? '',
          name: span.name,
          kind: span.kind ?? 0,
          startNs: BigInt(span.startTimeUnixNano),
          endNs: BigInt(span.endTimeUnixNano),
          service,
          resource: resourceAttributes,
          scope: { name: scope?.name ?? '', version: scope?.version ?? '' },
          attributes: attributeMap(span.attributes),
          events: (span.events ?? []).map((event) => ({
            timeNs: BigInt(event.timeUnixNano),
            name: event.name,
            attributes: attributeMap(event.attributes),
          })),
          status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
          flags: span.flags ?? 1,
        }),
      ),
    );
  });
}

export function decodeLogs(body: string): CollectedLog[] {
  const request = JSON.parse(body) as {
    resourceLogs?: { resource?: Resource; scopeLogs?: { logRecords?: JsonLog[] }[] }[];
  };
  return (request.resourceLogs ?? []).flatMap(({ resource, scopeLogs }) => {
    const service = String(plainValue(attributeMap(resource?.attributes).get('service.name')) ?? 'unknown');
    return (scopeLogs ?? []).flatMap(({ logRecords }) =>
      (logRecords ?? []).map(
        (record): CollectedLog => ({
          traceId: record.traceId ?? '',
          spanId: record.spanId ?? '',
          timeNs: BigInt(record.timeUnixNano ?? record.observedTimeUnixNano ?? 0),
          service,
          severityText: record.severityText ?? '',
          body: bodyText(record.body),
          attributes: attributeMap(record.attributes),
        }),
      ),
    );
  });
}

function bodyText(body: AnyValue | undefined): string {
  const value = plainValue(body);
  return typeof value === 'string' ? value : JSON.stringify(value ?? '');
}
