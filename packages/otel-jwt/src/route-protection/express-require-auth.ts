import { context } from '@opentelemetry/api';
import { getAuth } from '../propagator/request-auth.js';
import { type ServerResponseLike, sendRefusal } from './node-http-require-auth.js';
import { createRouteGuard } from './require-auth.js';
import type { RequireAuthConfig } from './require-auth-config.js';

/** An Express middleware, structurally typed (otel-jwt does not import Express). */
export type ExpressRequireAuthMiddleware = (
  request: unknown,
  response: ServerResponseLike,
  next: (error?: unknown) => void,
) => void;

/**
 * An Express middleware for a route or a router: it reads `getAuth(context.active())`, calls
 * `next()` when the request is allowed, and otherwise sends the refusal (see `requireAuth`) without calling
 * the handlers after it. Throws a `ConfigurationError` for a mistake in `config`, at creation.
 */
export function expressRequireAuth(config: RequireAuthConfig = {}): ExpressRequireAuthMiddleware {
  const guard = createRouteGuard(config, 'expressRequireAuth');
  return (_request, response, next) => {
    const access = guard(getAuth(context.active()));
    if (access.allowed) next();
    else sendRefusal(response, access);
  };
}
