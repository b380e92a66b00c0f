import type { LeakSink } from './leak-collector.js';
import { fieldPath, indexPath, keyPath, type LeakPath } from './leak-path.js';

/** Values nested deeper than this are reported `too_deep` and not walked further. */
export const MAX_VALUE_DEPTH = 128;

/** Attributes as the SDK keeps them: any value, nested maps, arrays and bytes included. */
export type LeakAttributes = Readonly<Record<string, unknown>>;

interface TraceStateLike {
  serialize(): string;
}

/** What is read of a resource and an instrumentation scope (each scanned once, however many records share it). */
export interface LeakResource {
  readonly attributes?: LeakAttributes | undefined;
}

export interface LeakScope {
  readonly name?: string | undefined;
  readonly version?: string | undefined;
  readonly schemaUrl?: string | undefined;
  readonly attributes?: LeakAttributes | undefined;
}

/** The parts of an SDK `ReadableSpan` that can hold text; a real `ReadableSpan` fits. */
export interface LeakSpan {
  readonly name: string;
  readonly attributes?: LeakAttributes | undefined;
  readonly events?:
    | readonly { readonly name: string; readonly attributes?: LeakAttributes | undefined }[]
    | undefined;
  readonly links?:
    | readonly {
        readonly context?: { readonly traceState?: TraceStateLike | undefined } | undefined;
        readonly attributes?: LeakAttributes | undefined;
      }[]
    | undefined;
  readonly status?: { readonly message?: string | undefined } | undefined;
  readonly spanContext?: (() => { readonly traceState?: TraceStateLike | undefined }) | undefined;
  readonly resource?: LeakResource | undefined;
  readonly instrumentationScope?: LeakScope | undefined;
}

/** The parts of an SDK `ReadableLogRecord` that can hold text; a real `ReadableLogRecord` fits. */
export interface LeakLogRecord {
  /** An AnyValue: string, number, boolean, bytes, arrays and maps of these, null or undefined. */
  readonly body?: unknown;
  readonly attributes?: LeakAttributes | undefined;
  readonly severityText?: string | undefined;
  readonly eventName?: string | undefined;
  readonly spanContext?: { readonly traceState?: TraceStateLike | undefined } | undefined;
  readonly resource?: LeakResource | undefined;
  readonly instrumentationScope?: LeakScope | undefined;
}

class MemoryWalker {
  /** Objects already walked: each is scanned once, so shared or cyclic values cost nothing more. */
  readonly seen = new WeakSet<object>();

  constructor(readonly sink: LeakSink) {}

  text(path: LeakPath | undefined, value: unknown): void {
    if (typeof value === 'string') this.sink.text(path, value);
  }

  value(value: unknown, path: LeakPath | undefined, depth: number): void {
    if (typeof value === 'string') {
      this.sink.text(path, value);
      return;
    }
    if (value === null || typeof value !== 'object' || this.seen.has(value)) return;
    this.seen.add(value);
    if (depth > MAX_VALUE_DEPTH) {
      this.sink.undecodable(path, 'too_deep', -1);
    } else if (value instanceof Uint8Array) {
      this.sink.bytes(path, value);
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) this.value(item, indexPath(path, index), depth + 1);
    } else {
      this.entries(value, path, depth);
    }
  }

  /** Attributes or a map: each value under its key, and the key itself. */
  entries(value: object, path: LeakPath | undefined, depth: number): void {
    for (const [index, [key, item]] of Object.entries(value).entries()) {
      const entry = keyPath(path, key, index);
      this.sink.text(fieldPath(entry, '$key'), key);
      this.value(item, entry, depth + 1);
    }
  }

  attributes(path: LeakPath | undefined, attributes: LeakAttributes | undefined): void {
    if (attributes !== undefined) this.value(attributes, fieldPath(path, 'attributes'), 0);
  }

  resourceAndScope(path: LeakPath, resource?: LeakResource, scope?: LeakScope): void {
    if (resource !== undefined && !this.seen.has(resource)) {
      this.seen.add(resource);
      this.attributes(fieldPath(path, 'resource'), resource.attributes);
    }
    if (scope !== undefined && !this.seen.has(scope)) {
      this.seen.add(scope);
      const at = fieldPath(path, 'instrumentationScope');
      this.text(fieldPath(at, 'name'), scope.name);
      this.text(fieldPath(at, 'version'), scope.version);
      this.text(fieldPath(at, 'schemaUrl'), scope.schemaUrl);
      this.attributes(at, scope.attributes);
    }
  }

  span(span: LeakSpan, path: LeakPath): void {
    this.text(fieldPath(path, 'name'), span.name);
    this.attributes(path, span.attributes);
    for (const [index, event] of (span.events ?? []).entries()) {
      const at = indexPath(fieldPath(path, 'events'), index);
      this.text(fieldPath(at, 'name'), event.name);
      this.attributes(at, event.attributes);
    }
    for (const [index, link] of (span.links ?? []).entries()) {
      const at = indexPath(fieldPath(path, 'links'), index);
      this.text(fieldPath(fieldPath(at, 'context'), 'traceState'), link.context?.traceState?.serialize());
      this.attributes(at, link.attributes);
    }
    this.text(fieldPath(fieldPath(path, 'status'), 'message'), span.status?.message);
    const traceState = span.spanContext?.().traceState?.serialize();
    this.text(fieldPath(fieldPath(path, 'spanContext()'), 'traceState'), traceState);
    this.resourceAndScope(path, span.resource, span.instrumentationScope);
  }

  log(record: LeakLogRecord, path: LeakPath): void {
    if (record.body !== undefined) this.value(record.body, fieldPath(path, 'body'), 0);
    this.attributes(path, record.attributes);
    this.text(fieldPath(path, 'severityText'), record.severityText);
    this.text(fieldPath(path, 'eventName'), record.eventName);
    const traceState = record.spanContext?.traceState?.serialize();
    this.text(fieldPath(fieldPath(path, 'spanContext'), 'traceState'), traceState);
    this.resourceAndScope(path, record.resource, record.instrumentationScope);
  }
}

/** Scans in-memory spans: paths start `spans[i]`. */
export function walkSpans(spans: readonly LeakSpan[], sink: LeakSink): void {
  const walker = new MemoryWalker(sink);
  for (const [index, span] of spans.entries())
    walker.span(span, indexPath(fieldPath(undefined, 'spans'), index));
}

/** Scans in-memory log records: paths start `logs[i]`. */
export function walkLogs(logs: readonly LeakLogRecord[], sink: LeakSink): void {
  const walker = new MemoryWalker(sink);
  for (const [index, record] of logs.entries())
    walker.log(record, indexPath(fieldPath(undefined, 'logs'), index));
}
