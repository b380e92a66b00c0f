import { context } from '@opentelemetry/api';
import { getAuth } from '../propagator/request-auth.js';
import { createRouteGuard } from './require-auth.js';
import type { RequireAuthConfig } from './require-auth-config.js';
import type { RouteRefused } from './route-access.js';

/**
 * What the adapters use of a response: node:http's `ServerResponse`, and so Express's response too
 * (structurally typed: otel-jwt imports no framework).
 */
export interface ServerResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/** Sends a refusal: its constant status, headers and body. */
export function sendRefusal(response: ServerResponseLike, refused: RouteRefused): void {
  response.statusCode = refused.statusCode;
  for (const [name, value] of Object.entries(refused.headers)) response.setHeader(name, value);
  response.end(refused.body);
}

/**
 * For a node:http handler: call the returned function first, with the response. It reads
 * `getAuth(context.active())`; when the request is refused it sends the answer (see `requireAuth`) and
 * returns `false`, and the handler returns at once; otherwise it returns `true` and sends nothing.
 * Throws a `ConfigurationError` for a mistake in `config`, at creation.
 */
export function nodeHttpRequireAuth(
  config: RequireAuthConfig = {},
): (response: ServerResponseLike) => boolean {
  const guard = createRouteGuard(config, 'nodeHttpRequireAuth');
  return (response) => {
    const access = guard(getAuth(context.active()));
    if (access.allowed) return true;
    sendRefusal(response, access);
    return false;
  };
}
