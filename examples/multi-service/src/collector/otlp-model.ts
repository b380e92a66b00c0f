// The parts of OTLP/JSON export requests the demo reads (traces and logs), decoded into plain records.

/** An OTLP AnyValue as the JSON encoding writes it (64-bit integers may come as strings). */
export interface AnyValue {
  readonly stringValue?: string;
  readonly boolValue?: boolean;
  readonly intValue?: string | number;
  readonly doubleValue?: number;
  readonly bytesValue?: string;
  readonly arrayValue?: { readonly values?: readonly AnyValue[] };
  readonly kvlistValue?: { readonly values?: readonly KeyValue[] };
}

export interface KeyValue {
  readonly key: string;
  readonly value?: AnyValue;
}

export type Attributes = ReadonlyMap<string, AnyValue>;

export interface SpanEvent {
  readonly timeNs: bigint;
  readonly name: string;
  readonly attributes: Attributes;
}

export interface CollectedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Empty for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly service: string;
  readonly resource: Attributes;
  readonly scope: { readonly name: string; readonly version: string };
  readonly attributes: Attributes;
  readonly events: readonly SpanEvent[];
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  readonly status: { readonly code: number; readonly message: string };
  readonly flags: number;
}

export interface CollectedLog {
  readonly traceId: string;
  readonly spanId: string;
  readonly timeNs: bigint;
  readonly service: string;
  readonly severityText: string;
  readonly body: string;
  readonly attributes: Attributes;
}

/** A JavaScript value of an AnyValue, for printing and for Jaeger tags. */
export function plainValue(value: AnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plainValue);
  if (value.kvlistValue !== undefined) {
    return Object.fromEntries((value.kvlistValue.values ?? []).map((kv) => [kv.key, plainValue(kv.value)]));
  }
  return undefined;
}

export function attributeMap(list: readonly KeyValue[] | undefined): Attributes {
  return new Map((list ?? []).map((kv) => [kv.key, kv.value ?? {}]));
}
