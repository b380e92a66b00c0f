// Decodes the OTLP/JSON bodies the services exported into spans and log records with plain attribute
// values, independently of the demo's own collector (which is part of what the test checks).

interface AnyValue {
  readonly stringValue?: string;
  readonly boolValue?: boolean;
  readonly intValue?: string | number;
  readonly doubleValue?: number;
  readonly arrayValue?: { readonly values?: readonly AnyValue[] };
}
interface KeyValue {
  readonly key: string;
  readonly value?: AnyValue;
}

export type Attributes = Readonly<Record<string, unknown>>;

export interface ExportedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  readonly kind: number;
  readonly attributes: Attributes;
  readonly events: readonly { readonly name: string; readonly attributes: Attributes }[];
}

export interface ExportedLog {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly body: unknown;
  readonly attributes: Attributes;
}

export const SERVER = 2;
export const CLIENT = 3;

export function decodeSpans(body: Buffer): ExportedSpan[] {
  const request = JSON.parse(body.toString('utf8')) as {
    resourceSpans?: {
      resource?: { attributes?: KeyValue[] };
      scopeSpans?: {
        spans?: {
          traceId: string;
          spanId: string;
          parentSpanId?: string;
          name: string;
          kind?: number;
          attributes?: KeyValue[];
          events?: { name: string; attributes?: KeyValue[] }[];
        }[];
      }[];
    }[];
  };
  return (request.resourceSpans ?? []).flatMap(({ resource, scopeSpans }) => {
    const service = String(attributes(resource?.attributes)['service.name']);
    return (scopeSpans ?? []).flatMap(({ spans }) =>
      (spans ?? []).map((span) => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind ?? 0,
        attributes: attributes(span.attributes),
        events: (span.events ?? []).map((event) => ({
          name: event.name,
          attributes: attributes(event.attributes),
        })),
      })),
    );
  });
}

export function decodeLogs(body: Buffer): ExportedLog[] {
  const request = JSON.parse(body.toString('utf8')) as {
    resourceLogs?: {
      resource?: { attributes?: KeyValue[] };
      scopeLogs?: {
        logRecords?: { traceId?: string; spanId?: string; body?: AnyValue; attributes?: KeyValue[] }[];
      }[];
    }[];
  };
  return (request.resourceLogs ?? []).flatMap(({ resource, scopeLogs }) => {
    const service = String(attributes(resource?.attributes)['service.name']);
    return (scopeLogs ?? []).flatMap(({ logRecords }) =>
      (logRecords ?? []).map((record) => ({
        service,
        traceId: record.traceId ?? '',
        spanId: record.spanId ?? '',
        body: plain(record.body),
        attributes: attributes(record.attributes),
      })),
    );
  });
}

/** The resource attributes of each resourceSpans or resourceLogs entry of one export request body. */
export function decodeResources(body: Buffer): Attributes[] {
  const request = JSON.parse(body.toString('utf8')) as {
    resourceSpans?: { resource?: { attributes?: KeyValue[] } }[];
    resourceLogs?: { resource?: { attributes?: KeyValue[] } }[];
  };
  return [...(request.resourceSpans ?? []), ...(request.resourceLogs ?? [])].map(({ resource }) =>
    attributes(resource?.attributes),
  );
}

function attributes(list: readonly KeyValue[] | undefined): Attributes {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, plain(kv.value)]));
}

function plain(value: AnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plain);
  return undefined;
}
