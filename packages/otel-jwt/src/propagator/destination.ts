import { type Context, SpanKind, trace } from '@opentelemetry/api';
import { destinationOf, destinationOfUrl } from './destination-rule.js';
import type { Destination } from './telemetry-config.js';

/**
 * `propagation.inject` is told the context and a header carrier, not where the request goes. The HTTP
 * instrumentation's outgoing hook runs synchronously just before its inject, so it leaves the
 * destination here; the slot is cleared at the next microtask, so a destination never outlives the
 * synchronous run it was set in and cannot be applied to an unrelated inject later.
 */
let pending: Destination | undefined;
let clearScheduled = false;

function clearPending(): void {
  pending = undefined;
  clearScheduled = false;
}

/** Records the destination of an outgoing `node:http` request from its request options. */
export function setPendingDestination(options: unknown): void {
  pending = undefined;
  if (!clearScheduled) {
    clearScheduled = true;
    queueMicrotask(clearPending);
  }
  if (options === null || typeof options !== 'object') return;
  const request = options as Record<string, unknown>;
  const agent = (request.agent ?? request._defaultAgent) as { protocol?: unknown } | undefined | null;
  const protocol =
    request.protocol ?? (agent !== null && typeof agent === 'object' ? agent.protocol : undefined);
  let hostname = request.hostname ?? request.host;
  let port = request.port;
  if (typeof hostname === 'string' && request.hostname === undefined) {
    // `host` may carry a port (`example.com:8080`, `[::1]:8080`).
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(hostname);
    if (withPort !== null) {
      hostname = withPort[1];
      port ??= withPort[2];
    }
  }
  pending = destinationOf(protocol ?? 'http:', hostname ?? 'localhost', port);
}

const URL_ATTRIBUTES = ['url.full', 'http.url'] as const;

/**
 * Where the request being injected goes: the instrumentation hook's record, or else the URL attributes
 * of the client span (kind CLIENT) in the context (SDK spans expose `attributes`; values may be of any type in
 * SDK 3.x, so only strings count). Undefined when unknown, which is never trusted.
 */
export function resolveDestination(context: Context): Destination | undefined {
  if (pending !== undefined) {
    const destination = pending;
    pending = undefined;
    return destination;
  }
  // Only a client span describes where a request goes; a server span's URL comes from the caller.
  const span = trace.getSpan(context) as { attributes?: unknown; kind?: unknown } | undefined;
  if (span?.kind !== SpanKind.CLIENT) return undefined;
  const attributes = span.attributes;
  if (attributes === null || typeof attributes !== 'object') return undefined;
  for (const name of URL_ATTRIBUTES) {
    const value = (attributes as Record<string, unknown>)[name];
    if (typeof value === 'string') return destinationOfUrl(value);
  }
  return undefined;
}
