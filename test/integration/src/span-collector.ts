// A span processor that keeps ended spans in memory for the test. Structural on purpose: importing
// sdk-trace (SDK 3.x) or sdk-trace-base (SDK 2.x) would tie this file to one SDK line.
import type { SpanRecord } from './protocol.ts';

/** The parts of a ReadableSpan read here, as both SDK lines shape them. */
interface EndedSpan {
  readonly name: string;
  readonly kind: number;
  spanContext(): { readonly traceId: string; readonly spanId: string };
  /** SDK 2.x and later. */
  readonly parentSpanContext?: { readonly spanId: string } | undefined;
  /** Older SDKs. */
  readonly parentSpanId?: string | undefined;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events: readonly {
    readonly name: string;
    readonly attributes?: Readonly<Record<string, unknown>> | undefined;
  }[];
  readonly status: { readonly code: number; readonly message?: string | undefined };
}

export interface SpanCollector {
  readonly processor: {
    onStart(): void;
    onEnd(span: EndedSpan): void;
    forceFlush(): Promise<void>;
    shutdown(): Promise<void>;
  };
  /** Waits (bounded) until no started span is still open, so a request's spans are all in. */
  waitIdle(timeoutMs: number): Promise<void>;
  /** The spans ended since the last drain. */
  drain(): SpanRecord[];
}

const KINDS = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;

export function createSpanCollector(): SpanCollector {
  let ended: SpanRecord[] = [];
  let open = 0;
  return {
    processor: {
      onStart() {
        open += 1;
      },
      onEnd(span) {
        open -= 1;
        ended.push(toRecord(span));
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    },
    async waitIdle(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (open > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    drain() {
      const spans = ended;
      ended = [];
      return spans;
    },
  };
}

function toRecord(span: EndedSpan): SpanRecord {
  const { traceId, spanId } = span.spanContext();
  return {
    name: span.name,
    kind: KINDS[span.kind] ?? 'INTERNAL',
    traceId,
    spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? span.parentSpanId,
    attributes: { ...span.attributes },
    events: span.events.map((event) => ({ name: event.name, attributes: { ...event.attributes } })),
    status:
      span.status.message === undefined
        ? { code: span.status.code }
        : { code: span.status.code, message: span.status.message },
  };
}
