// fastifyRequireAuth on a real Fastify 5 server, behind instrumentation-http and otel-jwt's propagator: as
// a route's onRequest hook, as a preHandler, and for every route of a plugin with addHook.
import { context } from '@opentelemetry/api';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { fastifyRequireAuth, getAuth } from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { bearer, get, type RealPath, sign, startRealPath } from './route-fixtures.js';

let path: RealPath;
let app: FastifyInstance;
let origin: string;
const ran: string[] = [];

beforeAll(async () => {
  path = await startRealPath();
  app = Fastify();
  app.get(
    '/orders',
    { onRequest: fastifyRequireAuth({ realm: 'orders', scopes: ['orders:read'] }) },
    async () => {
      ran.push('orders');
      return { orders: [], sub: getAuth(context.active())?.result.status };
    },
  );
  app.post(
    '/orders',
    { preHandler: fastifyRequireAuth({ realm: 'orders', scopes: ['orders:write'] }) },
    async (request) => {
      ran.push(`created ${JSON.stringify(request.body)}`);
      return { created: true };
    },
  );
  await app.register(async (admin) => {
    admin.addHook('onRequest', fastifyRequireAuth({ realm: 'admin', roles: ['admin'] }));
    admin.get('/admin/users', async () => {
      ran.push('admin');
      return { users: [] };
    });
  });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await path?.stop();
});

beforeEach(() => {
  ran.length = 0;
  seenTokens.clear();
});

describe('fastifyRequireAuth through the real propagator', () => {
  test('the Fastify server got the admission step when it started listening', () => {
    expect(Object.hasOwn(app.server, 'emit')).toBe(true);
  });

  test('onRequest: a token with the scope reaches the handler', async () => {
    const answer = await get(`${origin}/orders`, bearer(await sign({ scope: 'orders:read' })));
    expect([answer.status, answer.wwwAuthenticate, answer.body]).toEqual([
      200,
      null,
      '{"orders":[],"sub":"valid"}',
    ]);
    expect(ran).toEqual(['orders']);
  });

  test('onRequest: no token is 401 with the realm and no error, and the handler does not run', async () => {
    expect(await get(`${origin}/orders`)).toEqual({
      status: 401,
      wwwAuthenticate: 'Bearer realm="orders"',
      retryAfter: null,
      contentType: 'application/json; charset=utf-8',
      body: '{"error":"unauthorized"}',
    });
    expect(ran).toEqual([]);
  });

  test('onRequest: a token of another audience is 401 invalid_token', async () => {
    const answer = await get(
      `${origin}/orders`,
      bearer(await sign({ aud: 'billing', scope: 'orders:read' })),
    );
    expect([answer.status, answer.wwwAuthenticate, answer.body]).toEqual([
      401,
      'Bearer realm="orders", error="invalid_token", error_description="The access token is not valid"',
      '{"error":"invalid_token"}',
    ]);
    expect(ran).toEqual([]);
  });

  test('preHandler: a token without the scope is 403 insufficient_scope, and the body is not handled', async () => {
    const response = await fetch(`${origin}/orders`, {
      method: 'POST',
      headers: { ...bearer(await sign({ scope: 'orders:read' })), 'content-type': 'application/json' },
      body: '{"item":7}',
    });
    expect([response.status, response.headers.get('www-authenticate'), await response.text()]).toEqual([
      403,
      'Bearer realm="orders", error="insufficient_scope", error_description="The access token lacks a required scope", scope="orders:write"',
      '{"error":"insufficient_scope"}',
    ]);
    expect(ran).toEqual([]);
  });

  test('preHandler: a token with the scope lets the handler run', async () => {
    const response = await fetch(`${origin}/orders`, {
      method: 'POST',
      headers: { ...bearer(await sign({ scope: 'orders:write' })), 'content-type': 'application/json' },
      body: '{"item":7}',
    });
    expect(response.status).toBe(200);
    expect(ran).toEqual(['created {"item":7}']);
  });

  test('addHook in a plugin: a missing role is 403 without a scope attribute; the role lets it through', async () => {
    const refused = await get(`${origin}/admin/users`, bearer(await sign({ roles: ['clerk'] })));
    expect([refused.status, refused.wwwAuthenticate]).toEqual([
      403,
      'Bearer realm="admin", error="insufficient_scope", error_description="The access token does not grant access to this resource"',
    ]);
    expect(ran).toEqual([]);
    const allowed = await get(`${origin}/admin/users`, bearer(await sign({ roles: ['admin'] })));
    expect([allowed.status, allowed.body]).toEqual([200, '{"users":[]}']);
    expect(ran).toEqual(['admin']);
  });

  test('a malformed Authorization header is 400 invalid_request', async () => {
    const answer = await get(`${origin}/orders`, { authorization: 'Bearer not a token' });
    expect([answer.status, answer.wwwAuthenticate]).toEqual([
      400,
      'Bearer realm="orders", error="invalid_request", error_description="The request must carry one well-formed Bearer token"',
    ]);
  });

  test('a token of an issuer whose keys are unavailable is 503 with Retry-After', async () => {
    const answer = await get(
      `${origin}/orders`,
      bearer(await sign({ iss: path.downIssuer, scope: 'orders:read' })),
    );
    expect([answer.status, answer.retryAfter, answer.wwwAuthenticate, answer.body]).toEqual([
      503,
      '30',
      null,
      '{"error":"temporarily_unavailable"}',
    ]);
    expect(ran).toEqual([]);
  });
});
