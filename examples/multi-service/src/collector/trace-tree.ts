// Prints each trace as an indented tree: service, span name (exactly as exported), kind and HTTP status,
// duration, and what otel-jwt recorded on it, with subject changes, dropped or refused tokens and removed
// baggage highlighted.
import { paint } from '../colour.ts';
import { type CollectedSpan, plainValue } from './otlp-model.ts';
import { safeText } from './safe-text.ts';
import type { TraceIndex } from './trace-index.ts';

export interface TraceGroup {
  readonly heading: string;
  readonly traceIds: readonly string[];
  /** What each trace's request was, when a scenario sends different requests rather than retries. */
  readonly labels?: readonly (string | undefined)[];
}

/** Shown in this order when present; the rest of a span's attributes stay in the Jaeger file. */
const SHOWN = [
  'demo.scenario',
  'jwt.result',
  'jwt.error_code',
  'jwt.subject.verdict',
  'jwt.subject.changed',
  'user.hash',
  'user.roles',
  'tenant.id',
  'jwt.client_id',
  'jwt.actor_chain',
  'jwt.baggage.removed',
  'jwt.baggage.removal_reason',
  'jwt.redaction_count',
];
const ALARMING = new Set([
  'changed',
  'token_dropped',
  'token_invalid',
  'token_unverified',
  'invalid',
  'unverified',
]);
const KIND = ['', '', 'server', 'client', 'producer', 'consumer'];
const SERVICE_WIDTH = 11;

export function printTrees(index: TraceIndex, groups: readonly TraceGroup[]): void {
  for (const group of groups) {
    for (const [attempt, traceId] of group.traceIds.entries()) {
      const label = group.labels?.[attempt];
      const of =
        group.traceIds.length <= 1
          ? ''
          : label === undefined
            ? ` (attempt ${attempt + 1} of ${group.traceIds.length})`
            : ` (request ${attempt + 1} of ${group.traceIds.length}: ${label})`;
      console.log(`\n${paint('bold', `── ${group.heading}${of}`)}  ${paint('dim', `trace ${traceId}`)}`);
      const roots = index.roots(traceId);
      if (roots.length === 0) console.log(paint('red', '   (no spans received for this trace)'));
      for (const root of roots) printSpan(index, root, 1);
    }
  }
}

function printSpan(index: TraceIndex, span: CollectedSpan, depth: number): void {
  const indent = '  '.repeat(depth);
  const label = `${indent}${span.service.padEnd(SERVICE_WIDTH)} ${span.name}`;
  const millis = `${(Number(span.endNs - span.startNs) / 1e6).toFixed(1)} ms`;
  const kind = describeKind(span);
  // Padded before painting: colour codes would count as width.
  const padding = ' '.repeat(Math.max(1, 60 - label.length - kind.length));
  console.log(`${label} ${paint('dim', kind)}${padding}${millis.padStart(9)}  ${describeAttributes(span)}`);
  for (const event of span.events) console.log(paint('red', `${indent}   ⚑ event ${event.name}`));
  for (const log of index.logs(span)) {
    const count = plainValue(log.attributes.get('jwt.redaction_count'));
    const redacted = count === undefined ? '' : paint('cyan', `  jwt.redaction_count=${String(count)}`);
    console.log(paint('dim', `${indent}   ✉ log ${log.severityText} "${safeText(log.body)}"`) + redacted);
  }
  for (const child of index.children(span)) printSpan(index, child, depth + 1);
}

/** `(server 200)`: the span kind and HTTP status, apart from the name; empty for an internal span. */
function describeKind(span: CollectedSpan): string {
  const kind = KIND[span.kind] ?? '';
  const status = plainValue(
    span.attributes.get('http.response.status_code') ?? span.attributes.get('http.status_code'),
  );
  const parts = [kind, status === undefined ? '' : String(status)].filter(Boolean);
  return parts.length === 0 ? '' : `(${parts.join(' ')})`;
}

function describeAttributes(span: CollectedSpan): string {
  const parts: string[] = [];
  for (const key of SHOWN) {
    const value = plainValue(span.attributes.get(key));
    if (value === undefined) continue;
    const text = safeText(
      Array.isArray(value)
        ? `[${value.map((item) => shorten(key, String(item))).join(',')}]`
        : shorten(key, String(value)),
    );
    parts.push(styled(key, text, `${key}=${text}`));
  }
  return parts.join(' ');
}

/** Pseudonyms are 32 hex characters; the first 8 tell users apart in a tree. */
function shorten(key: string, value: string): string {
  return (key === 'user.hash' || key === 'jwt.actor_chain') && value.length > 12
    ? `${value.slice(0, 8)}…`
    : value;
}

function styled(key: string, value: string, text: string): string {
  if (ALARMING.has(value) || key === 'jwt.subject.changed') return paint('red', text);
  if (key.startsWith('jwt.baggage.') || key === 'jwt.error_code') return paint('yellow', text);
  if (key === 'jwt.redaction_count') return paint('cyan', text);
  return text;
}
