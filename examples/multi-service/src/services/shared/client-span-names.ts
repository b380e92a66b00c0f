// Names the services' HTTP client spans `{method} {url.template}`, the form the HTTP semantic conventions
// give when the caller knows the template of what it calls. instrumentation-http alone names them
// `{method}`: it must not take a path for a template, but the application knows its routes.
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { ROUTES } from '../../protocol.ts';

/** `url.template` of the HTTP semantic conventions (in development, so not among the stable constants). */
const ATTR_URL_TEMPLATE = 'url.template';
const TEMPLATES: ReadonlySet<string> = new Set(Object.values(ROUTES));

/**
 * instrumentation-http's `requestHook`: a request to one of the demo's routes gets its template as
 * `url.template` and in the span name; any other keeps the name `{method}`. Served requests are left to
 * the request loop, which hands the matched route to the instrumentation.
 */
export function nameClientSpan(span: Span, request: ClientRequest | IncomingMessage): void {
  if (!('getHeader' in request)) return;
  const path = request.path.split('?', 1)[0] ?? '';
  if (!TEMPLATES.has(path)) return;
  span.setAttribute(ATTR_URL_TEMPLATE, path);
  span.updateName(`${request.method} ${path}`);
}
