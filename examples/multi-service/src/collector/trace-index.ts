// Spans and log records grouped by trace, with the parent/child structure of each trace.
import type { CollectedLog, CollectedSpan } from './otlp-model.ts';

export interface TraceIndex {
  readonly traceIds: readonly string[];
  spans(traceId: string): readonly CollectedSpan[];
  /** Spans without a parent in the trace, oldest first. */
  roots(traceId: string): readonly CollectedSpan[];
  children(span: CollectedSpan): readonly CollectedSpan[];
  logs(span: CollectedSpan): readonly CollectedLog[];
}

export function indexTraces(spans: readonly CollectedSpan[], logs: readonly CollectedLog[]): TraceIndex {
  const byTrace = new Map<string, CollectedSpan[]>();
  for (const span of [...spans].sort((a, b) =>
    a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0,
  )) {
    byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  }
  const key = (traceId: string, spanId: string) => `${traceId}/${spanId}`;
  const present = new Set(spans.map((span) => key(span.traceId, span.spanId)));
  const children = new Map<string, CollectedSpan[]>();
  for (const list of byTrace.values()) {
    for (const span of list) {
      if (span.parentSpanId === '') continue;
      const parent = key(span.traceId, span.parentSpanId);
      children.set(parent, [...(children.get(parent) ?? []), span]);
    }
  }
  const logsBySpan = new Map<string, CollectedLog[]>();
  for (const log of logs) {
    const at = key(log.traceId, log.spanId);
    logsBySpan.set(at, [...(logsBySpan.get(at) ?? []), log]);
  }
  return {
    traceIds: [...byTrace.keys()],
    spans: (traceId) => byTrace.get(traceId) ?? [],
    roots: (traceId) =>
      (byTrace.get(traceId) ?? []).filter(
        (span) => span.parentSpanId === '' || !present.has(key(traceId, span.parentSpanId)),
      ),
    children: (span) => children.get(key(span.traceId, span.spanId)) ?? [],
    logs: (span) => logsBySpan.get(key(span.traceId, span.spanId)) ?? [],
  };
}
