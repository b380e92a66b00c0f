import { type Context, SpanKind, trace } from '@opentelemetry/api';
import { destinationOf, destinationOfUrl } from './destination-rule.js';
import type { Destination } from './telemetry-config.js';

/**
 * `propagation.inject` is told the context and a header carrier, not where the request goes. The HTTP and
 * fetch instrumentations' hooks run synchronously just before their inject, whatever the sampler decided,
 * so they leave the destination here; the slot is cleared at the next microtask, so a destination never
 * outlives the synchronous run it was set in and cannot be applied to an unrelated inject later.
 */
let pending: Destination | undefined;
let clearScheduled = false;

/**
 * Destinations of requests that already carry an Authorization header the inject carrier does not show
 * (fetch injects into a fresh object): inject must not add a second one. Weakly held: each destination
 * object belongs to one request.
 */
const withAuthorization = new WeakSet<Destination>();

function clearPending(): void {
  pending = undefined;
  clearScheduled = false;
}

/**
 * Records an already resolved destination for the next inject. `authorization` marks that object as one
 * whose request carries the application's own Authorization, so pass `true` only for a destination made
 * for this one request (a destination cached and shared between requests would keep the mark).
 */
export function setPending(destination: Destination | undefined, authorization: boolean): void {
  if (!clearScheduled) {
    clearScheduled = true;
    queueMicrotask(clearPending);
  }
  if (destination !== undefined && authorization) withAuthorization.add(destination);
  pending = destination;
}

/**
 * Records the destination of an outgoing `node:http` request from its request options, and whether the
 * application already set an Authorization header on it.
 */
export function setPendingDestination(options: unknown, authorization = false): void {
  setPending(undefined, false);
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
  setPending(destinationOf(protocol ?? 'http:', hostname ?? 'localhost', port), authorization);
}

/**
 * Records the destination of an outgoing request from its origin (`https://orders.internal:8443`, as
 * undici's request has it, or a URL), and whether the application already set an Authorization header.
 */
export function setPendingOrigin(origin: unknown, authorization: boolean): void {
  setPending(destinationOfUrl(origin instanceof URL ? origin.href : origin), authorization);
}

/**
 * Whether the request going to `destination` (as resolved for this inject) already carries an
 * Authorization header of the application's, or may carry one inject cannot see.
 */
export function carriesAuthorization(destination: Destination | undefined): boolean {
  return destination !== undefined && withAuthorization.has(destination);
}

const URL_ATTRIBUTES = ['url.full', 'http.url'] as const;
/** Its inject carrier is always a fresh object, so it never shows the application's Authorization. */
const FETCH_SCOPE = '@opentelemetry/instrumentation-undici';

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
  const span = trace.getSpan(context) as
    | { attributes?: unknown; kind?: unknown; instrumentationScope?: { name?: unknown } }
    | undefined;
  if (span?.kind !== SpanKind.CLIENT) return undefined;
  const attributes = span.attributes;
  if (attributes === null || typeof attributes !== 'object') return undefined;
  for (const name of URL_ATTRIBUTES) {
    const value = (attributes as Record<string, unknown>)[name];
    if (typeof value !== 'string') continue;
    const destination = destinationOfUrl(value);
    // A fetch instrumented without otel-jwt's hooks: whether the application set Authorization is unknown.
    if (destination !== undefined && span.instrumentationScope?.name === FETCH_SCOPE) {
      withAuthorization.add(destination);
    }
    return destination;
  }
  return undefined;
}
