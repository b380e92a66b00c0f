// The exported spans of one demo run, looked up the way the assertions need them.
import { type Attributes, type ExportedLog, type ExportedSpan, SERVER } from './exported-telemetry.ts';

/** What otel-jwt writes on entry spans (README, "Telemetry written"), plus the mapped claims. */
const AUTH_KEYS = [
  'jwt.result',
  'jwt.error_code',
  'jwt.issuer',
  'jwt.client_id',
  'jwt.scopes',
  'user.hash',
  'user.id',
  'user.roles',
  'tenant.id',
  'jwt.subject.verdict',
  'jwt.subject.changed',
  'jwt.actor_chain',
  'jwt.baggage.removed',
  'jwt.baggage.removal_reason',
  'jwt.claims.omitted',
  'jwt.baggage.omitted',
  'jwt.redaction_count',
];

export interface RunSummary {
  readonly issuer: string;
  readonly scenarios: readonly {
    readonly id: string;
    readonly problems: readonly string[];
    readonly attempts: readonly {
      readonly status: number;
      readonly traceId: string;
      readonly label?: string;
    }[];
  }[];
}

export interface TraceView {
  /** Trace id of a scenario's attempt (the first by default; -1 for the last). */
  traceOf(scenario: string, attempt?: number): string;
  spans(traceId: string): readonly ExportedSpan[];
  /** Every exported span, of every trace. */
  all(): readonly ExportedSpan[];
  /** The one server span a service started in the trace (its entry span). */
  entry(traceId: string, service: string): ExportedSpan;
  logs(traceId: string): readonly ExportedLog[];
}

export function traceView(
  summary: RunSummary,
  spans: readonly ExportedSpan[],
  logs: readonly ExportedLog[],
): TraceView {
  const spansOf = (traceId: string) => spans.filter((span) => span.traceId === traceId);
  return {
    traceOf(scenario, attempt = 0) {
      const found = summary.scenarios.find((candidate) => candidate.id === scenario);
      const traceId = found?.attempts.at(attempt)?.traceId;
      if (traceId === undefined || traceId === '') throw new Error(`no trace for scenario ${scenario}`);
      return traceId;
    },
    spans: spansOf,
    all: () => spans,
    entry(traceId, service) {
      const entries = spansOf(traceId).filter((span) => span.service === service && span.kind === SERVER);
      if (entries.length !== 1)
        throw new Error(`${entries.length} server spans of ${service} in trace ${traceId}`);
      return entries[0] as ExportedSpan;
    },
    logs: (traceId) => logs.filter((log) => log.traceId === traceId),
  };
}

/** The auth attributes of a span, for exact comparison (absent keys stay absent). */
export function auth(span: ExportedSpan): Attributes {
  return Object.fromEntries(
    AUTH_KEYS.filter((key) => key in span.attributes).map((key) => [key, span.attributes[key]]),
  );
}

export function httpStatus(span: ExportedSpan): unknown {
  return span.attributes['http.response.status_code'] ?? span.attributes['http.status_code'];
}
