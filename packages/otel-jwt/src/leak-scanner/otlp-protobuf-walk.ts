import { type LeakSink, latin1 } from './leak-collector.js';
import { fieldPath, indexPath, keyPath, type LeakPath } from './leak-path.js';
import { type LengthField, readMessage } from './otlp-protobuf-reader.js';
import { type MessageType, SCHEMA } from './otlp-protobuf-schema.js';

/** Messages nested deeper than this are reported `too_deep` and skipped; OTLP itself needs about 10. */
export const MAX_MESSAGE_DEPTH = 128;

/** The OTLP signals whose export request the decoder knows. */
export type ProtobufSignal = 'traces' | 'logs' | 'metrics';

/** The export request message of each signal. */
const ROOTS: Readonly<Record<ProtobufSignal, MessageType>> = {
  traces: 'exportTraceServiceRequest',
  logs: 'exportLogsServiceRequest',
  metrics: 'exportMetricsServiceRequest',
};

/** Whether `signal` is one the decoder knows, for callers checking untyped input. */
export function isProtobufSignal(signal: unknown): signal is ProtobufSignal {
  return typeof signal === 'string' && Object.hasOwn(ROOTS, signal);
}

// Keeps a byte order mark, so offsets in a decoded string match what follows it.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

class ProtobufWalker {
  constructor(
    readonly bytes: Uint8Array,
    readonly sink: LeakSink,
  ) {}

  text(path: LeakPath | undefined, field: LengthField): void {
    const value = utf8.decode(this.bytes.subarray(field.start, field.end));
    this.sink.text(path, value, field.start, field.end);
  }

  raw(path: LeakPath | undefined, field: LengthField): void {
    this.sink.bytes(path, this.bytes.subarray(field.start, field.end), field.start, field.end);
  }

  /** The fields of a message, or nothing when it is too deep; a decoding failure is reported at `path`. */
  fields(field: LengthField, path: LeakPath | undefined, depth: number): readonly LengthField[] {
    if (depth > MAX_MESSAGE_DEPTH) {
      this.sink.undecodable(path, 'too_deep', field.start);
      return [];
    }
    const message = readMessage(this.bytes, field.start, field.end);
    if (message.failure !== undefined) {
      this.sink.undecodable(path, message.failure.reason, message.failure.offset);
    }
    return message.fields;
  }

  message(type: MessageType, message: LengthField, path: LeakPath | undefined, depth: number): void {
    const schema = SCHEMA[type];
    const counts = new Map<number, number>();
    for (const field of this.fields(message, path, depth)) {
      const spec = schema.get(field.field);
      if (spec === undefined) {
        this.raw(fieldPath(path, `#${field.field}`), field);
        continue;
      }
      const index = counts.get(field.field) ?? 0;
      counts.set(field.field, index + 1);
      const named = fieldPath(path, spec.name);
      if (spec.type === 'keyValue') {
        this.keyValue(field, named, index, depth + 1);
        continue;
      }
      const child = spec.repeated ? indexPath(named, index) : named;
      if (spec.type === 'string') this.text(child, field);
      else if (spec.type === 'bytes') this.raw(child, field);
      else if (spec.type === 'anyValue') this.anyValue(field, child, depth + 1);
      else this.message(spec.type, field, child, depth + 1);
    }
  }

  /** A KeyValue, shown under its key: `attributes["http.url"]`. */
  keyValue(message: LengthField, parent: LeakPath | undefined, index: number, depth: number): void {
    const fields = this.fields(message, indexPath(parent, index), depth);
    let key: LengthField | undefined;
    for (const field of fields) if (field.field === 1) key = field;
    const name = key === undefined ? '' : utf8.decode(this.bytes.subarray(key.start, key.end));
    const entry = keyPath(parent, name, index);
    for (const field of fields) {
      if (field.field === 1) this.text(fieldPath(entry, 'key'), field);
      else if (field.field === 2) this.anyValue(field, entry, depth + 1);
      else this.raw(fieldPath(entry, `#${field.field}`), field);
    }
  }

  /** An AnyValue, shown at the path of what holds it: `attributes["k"]`, `body["k"][1]`. */
  anyValue(message: LengthField, path: LeakPath | undefined, depth: number): void {
    for (const field of this.fields(message, path, depth)) {
      if (field.field === 1) this.text(path, field);
      else if (field.field === 7) this.raw(path, field);
      else if (field.field === 5 || field.field === 6) this.list(field, path, field.field === 6, depth + 1);
      else this.raw(fieldPath(path, `#${field.field}`), field);
    }
  }

  /** An ArrayValue (items at `[i]`) or a KeyValueList (entries under their keys): both use field 1. */
  list(message: LengthField, path: LeakPath | undefined, keyed: boolean, depth: number): void {
    let index = 0;
    for (const field of this.fields(message, path, depth)) {
      if (field.field !== 1) this.raw(fieldPath(path, `#${field.field}`), field);
      else if (keyed) this.keyValue(field, path, index++, depth + 1);
      else this.anyValue(field, indexPath(path, index++), depth + 1);
    }
  }
}

/**
 * Scans an OTLP `ExportTraceServiceRequest`, `ExportLogsServiceRequest` or `ExportMetricsServiceRequest`
 * in protobuf, then the bytes as a whole. Unknown fields are scanned as bytes (path `.#<field number>`); undecodable or too deeply
 * nested parts are reported as `undecodable` at the enclosing message, and the raw scan still covers them.
 */
export function walkOtlpProtobuf(
  bytes: Uint8Array,
  signal: ProtobufSignal,
  sink: LeakSink & { raw(payload: string): void },
): void {
  const walker = new ProtobufWalker(bytes, sink);
  walker.message(ROOTS[signal], { field: 0, start: 0, end: bytes.length }, undefined, 0);
  sink.raw(latin1(bytes));
}
