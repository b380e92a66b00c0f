// Checks a file against Jaeger's JSON trace format (jaeger model/json: what /api/traces returns and the
// Jaeger UI's Upload tab reads). Returns every problem found; empty when the file conforms.

const TAG_TYPES: Readonly<Record<string, (value: unknown) => boolean>> = {
  string: (value) => typeof value === 'string',
  bool: (value) => typeof value === 'boolean',
  int64: (value) => Number.isSafeInteger(value),
  float64: (value) => typeof value === 'number' && Number.isFinite(value),
  binary: (value) => typeof value === 'string',
};
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

type Json = Record<string, unknown>;

export function jaegerProblems(document: unknown): string[] {
  const problems: string[] = [];
  const data = (document as Json | null)?.data;
  if (!Array.isArray(data) || data.length === 0) return ['data must be a non-empty array of traces'];
  for (const [t, trace] of (data as Json[]).entries()) problems.push(...traceProblems(trace, `data[${t}]`));
  return problems;
}

function traceProblems(trace: Json, at: string): string[] {
  const problems: string[] = [];
  if (typeof trace.traceID !== 'string' || !TRACE_ID.test(trace.traceID)) problems.push(`${at}.traceID`);
  const processes = (trace.processes ?? null) as Record<string, Json> | null;
  if (typeof processes !== 'object' || processes === null) problems.push(`${at}.processes must be an object`);
  for (const [id, process] of Object.entries(processes ?? {})) {
    if (typeof process.serviceName !== 'string' || process.serviceName === '') {
      problems.push(`${at}.processes.${id}.serviceName`);
    }
    problems.push(...tagProblems(process.tags, `${at}.processes.${id}.tags`));
  }
  if (!Array.isArray(trace.spans) || trace.spans.length === 0)
    return [...problems, `${at}.spans must be non-empty`];
  const spans = trace.spans as Json[];
  const spanIds = new Set(spans.map((span) => span.spanID));
  for (const [s, span] of spans.entries()) {
    problems.push(...spanProblems(span, `${at}.spans[${s}]`, trace.traceID, spanIds, processes ?? {}));
  }
  if (trace.warnings !== null && trace.warnings !== undefined && !Array.isArray(trace.warnings)) {
    problems.push(`${at}.warnings`);
  }
  return problems;
}

function spanProblems(
  span: Json,
  at: string,
  traceId: unknown,
  spanIds: Set<unknown>,
  processes: Record<string, Json>,
): string[] {
  const problems: string[] = [];
  if (span.traceID !== traceId) problems.push(`${at}.traceID differs from the trace's`);
  if (typeof span.spanID !== 'string' || !SPAN_ID.test(span.spanID)) problems.push(`${at}.spanID`);
  if (typeof span.operationName !== 'string' || span.operationName === '')
    problems.push(`${at}.operationName`);
  for (const field of ['startTime', 'duration', 'flags'] as const) {
    if (!Number.isSafeInteger(span[field]) || (span[field] as number) < 0)
      problems.push(`${at}.${field} must be a non-negative integer`);
  }
  // Microseconds since the epoch: after 2001, before 2286 (a value in ms or ns would fall outside).
  if (typeof span.startTime === 'number' && (span.startTime < 1e15 || span.startTime >= 1e16))
    problems.push(`${at}.startTime is not in µs`);
  if (typeof span.processID !== 'string' || !(span.processID in processes))
    problems.push(`${at}.processID not in processes`);
  if (!Array.isArray(span.references)) problems.push(`${at}.references must be an array`);
  for (const [r, reference] of ((span.references ?? []) as Json[]).entries()) {
    if (reference.refType !== 'CHILD_OF' && reference.refType !== 'FOLLOWS_FROM')
      problems.push(`${at}.references[${r}].refType`);
    if (reference.traceID !== traceId) problems.push(`${at}.references[${r}].traceID`);
    if (!spanIds.has(reference.spanID))
      problems.push(`${at}.references[${r}].spanID is not a span of the trace`);
  }
  problems.push(...tagProblems(span.tags, `${at}.tags`));
  if (!Array.isArray(span.logs)) problems.push(`${at}.logs must be an array`);
  for (const [l, log] of ((span.logs ?? []) as Json[]).entries()) {
    if (!Number.isSafeInteger(log.timestamp)) problems.push(`${at}.logs[${l}].timestamp`);
    problems.push(...tagProblems(log.fields, `${at}.logs[${l}].fields`));
  }
  if (span.warnings !== null && !Array.isArray(span.warnings)) problems.push(`${at}.warnings`);
  return problems;
}

function tagProblems(tags: unknown, at: string): string[] {
  if (!Array.isArray(tags)) return [`${at} must be an array`];
  return (tags as Json[]).flatMap((tag, i) => {
    const check = TAG_TYPES[String(tag.type)];
    if (typeof tag.key !== 'string' || tag.key === '') return [`${at}[${i}].key`];
    if (check === undefined) return [`${at}[${i}] (${tag.key}) has type ${String(tag.type)}`];
    return check(tag.value) ? [] : [`${at}[${i}] (${tag.key}) value does not match type ${String(tag.type)}`];
  });
}

export interface JaegerTag {
  readonly key: string;
  readonly type: string;
  readonly value: unknown;
}

interface JaegerDocument {
  readonly data: readonly {
    readonly traceID: string;
    readonly spans: readonly {
      readonly operationName: string;
      readonly references: readonly unknown[];
      readonly processID: string;
      readonly tags: readonly JaegerTag[];
      readonly logs: readonly { readonly fields: readonly JaegerTag[] }[];
    }[];
    readonly processes: Readonly<
      Record<string, { readonly serviceName: string; readonly tags: readonly JaegerTag[] }>
    >;
  }[];
}

/** A span as the Jaeger UI shows it: its service, operation name and tags. */
export interface JaegerSpanView {
  readonly service: string;
  readonly operationName: string;
  readonly tags: readonly JaegerTag[];
}

/** The trace ids of a Jaeger file, and the tags and log fields of one trace (or of all, without an id). */
export function jaegerContent(text: string): {
  readonly traceIds: readonly string[];
  tags(traceId?: string): readonly JaegerTag[];
  logFields(traceId?: string): readonly JaegerTag[];
  /** The spans without a parent in the trace: what the UI's trace list names the trace after. */
  roots(traceId: string): readonly JaegerSpanView[];
  /** Every process of every trace, with its tags (the resource attributes but service.name). */
  processes(): readonly { readonly serviceName: string; readonly tags: readonly JaegerTag[] }[];
} {
  const { data } = JSON.parse(text) as JaegerDocument;
  const spans = (traceId?: string) =>
    data
      .filter((trace) => traceId === undefined || trace.traceID === traceId)
      .flatMap((trace) => trace.spans);
  return {
    traceIds: data.map((trace) => trace.traceID),
    tags: (traceId) => spans(traceId).flatMap((span) => span.tags),
    logFields: (traceId) => spans(traceId).flatMap((span) => span.logs.flatMap((log) => log.fields)),
    roots: (traceId) =>
      data
        .filter((trace) => trace.traceID === traceId)
        .flatMap((trace) =>
          trace.spans
            .filter((span) => span.references.length === 0)
            .map((span) => ({
              service: trace.processes[span.processID]?.serviceName ?? '',
              operationName: span.operationName,
              tags: span.tags,
            })),
        ),
    processes: () => data.flatMap((trace) => Object.values(trace.processes)),
  };
}
