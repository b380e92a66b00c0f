import { context } from '@opentelemetry/api';
import { getAuth } from '../propagator/request-auth.js';
import { createRouteGuard } from './require-auth.js';
import type { RequireAuthConfig } from './require-auth-config.js';

/** What the hook uses of a Fastify reply (structurally typed: otel-jwt does not import Fastify). */
export interface FastifyReplyLike {
  code(statusCode: number): unknown;
  header(name: string, value: string): unknown;
  send(payload: string): unknown;
}

/** A callback-style Fastify hook, for `onRequest` or `preHandler`. */
export type FastifyRequireAuthHook = (request: unknown, reply: FastifyReplyLike, done: () => void) => void;

/**
 * A Fastify hook: give it as a route's `onRequest` (before the body is read: the usual place) or
 * `preHandler`, or add it with `addHook` for every route of a plugin. It reads `getAuth(context.active())`,
 * calls `done()` when the request is allowed, and otherwise sends the refusal (see `requireAuth`) without
 * calling `done`, so the handler does not run. Throws a `ConfigurationError` for a mistake in `config`.
 */
export function fastifyRequireAuth(config: RequireAuthConfig = {}): FastifyRequireAuthHook {
  const guard = createRouteGuard(config, 'fastifyRequireAuth');
  return (_request, reply, done) => {
    const access = guard(getAuth(context.active()));
    if (access.allowed) {
      done();
      return;
    }
    reply.code(access.statusCode);
    for (const [name, value] of Object.entries(access.headers)) reply.header(name, value);
    reply.send(access.body);
  };
}
