// nodeHttpRequireAuth on a real node:http server, behind instrumentation-http and otel-jwt's propagator.
import { createServer, type Server } from 'node:http';
import { context, DiagLogLevel, diag, ROOT_CONTEXT } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { getAuth, nodeHttpRequireAuth } from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { bearer, get, listen, type RealPath, sign, startRealPath } from './route-fixtures.js';

let path: RealPath;
let server: Server;
let origin: string;
const ran: string[] = [];
const ordersRead = nodeHttpRequireAuth({ realm: 'orders', scopes: ['orders:read'] });
const anyToken = nodeHttpRequireAuth();

beforeAll(async () => {
  path = await startRealPath();
  server = createServer((request, response) => {
    if (request.url === '/orders') {
      if (!ordersRead(response)) return;
      ran.push(String(getAuth(context.active())?.result.status));
      response.setHeader('content-type', 'text/plain');
      response.end('orders');
      return;
    }
    // The same guard where no otel-jwt propagator ran: the context of the request is left behind.
    context.with(ROOT_CONTEXT, () => {
      if (!anyToken(response)) return;
      ran.push('uninstrumented');
      response.end('should not run');
    });
  });
  origin = await listen(server);
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await path?.stop();
});

beforeEach(() => {
  ran.length = 0;
  seenTokens.clear();
});

afterEach(() => diag.disable());

describe('nodeHttpRequireAuth through the real propagator', () => {
  test('a token with the scope: the guard returns true, sends nothing, and the handler answers', async () => {
    const answer = await get(`${origin}/orders`, bearer(await sign({ scope: 'orders:read profile' })));
    expect([answer.status, answer.wwwAuthenticate, answer.contentType, answer.body]).toEqual([
      200,
      null,
      'text/plain',
      'orders',
    ]);
    expect(ran).toEqual(['valid']);
  });

  test('no token is 401 with the realm and no error; the handler returns at once', async () => {
    expect(await get(`${origin}/orders`)).toEqual({
      status: 401,
      wwwAuthenticate: 'Bearer realm="orders"',
      retryAfter: null,
      contentType: 'application/json; charset=utf-8',
      body: '{"error":"unauthorized"}',
    });
    expect(ran).toEqual([]);
  });

  test('an expired token is 401 invalid_token', async () => {
    const answer = await get(
      `${origin}/orders`,
      bearer(await sign({ scope: 'orders:read', exp: 1_000_000 })),
    );
    expect([answer.status, answer.wwwAuthenticate, answer.body]).toEqual([
      401,
      'Bearer realm="orders", error="invalid_token", error_description="The access token is not valid"',
      '{"error":"invalid_token"}',
    ]);
    expect(ran).toEqual([]);
  });

  test('a token under a key id the issuer does not have is 401 invalid_token, not 503', async () => {
    const answer = await get(
      `${origin}/orders`,
      bearer(await sign({ scope: 'orders:read' }, 'rotated-away')),
    );
    expect([answer.status, answer.retryAfter]).toEqual([401, null]);
    expect(answer.wwwAuthenticate).toContain('error="invalid_token"');
  });

  test('two tokens in one Authorization header are 400 invalid_request', async () => {
    const [one, two] = [await sign({ scope: 'orders:read' }), await sign({ sub: 'bob' })];
    const answer = await get(`${origin}/orders`, { authorization: `Bearer ${one}, Bearer ${two}` });
    expect([answer.status, answer.wwwAuthenticate, answer.body]).toEqual([
      400,
      'Bearer realm="orders", error="invalid_request", error_description="The request must carry one well-formed Bearer token"',
      '{"error":"invalid_request"}',
    ]);
    expect(ran).toEqual([]);
  });

  test('a token without the scope is 403 insufficient_scope naming it', async () => {
    const answer = await get(`${origin}/orders`, bearer(await sign({ scp: ['orders:write'] })));
    expect([answer.status, answer.wwwAuthenticate]).toEqual([
      403,
      'Bearer realm="orders", error="insufficient_scope", error_description="The access token lacks a required scope", scope="orders:read"',
    ]);
    expect(ran).toEqual([]);
  });

  test('a token of an issuer whose keys are unavailable is 503 with Retry-After and no challenge', async () => {
    const answer = await get(
      `${origin}/orders`,
      bearer(await sign({ iss: path.downIssuer, scope: 'orders:read' })),
    );
    expect(answer).toEqual({
      status: 503,
      wwwAuthenticate: null,
      retryAfter: '30',
      contentType: 'application/json; charset=utf-8',
      body: '{"error":"temporarily_unavailable"}',
    });
  });

  test('where no propagator ran, a valid token is refused with 500 and a warning, never allowed', async () => {
    const warn = vi.fn();
    diag.setLogger(
      { warn, error: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() },
      DiagLogLevel.WARN,
    );
    const answer = await get(`${origin}/other`, bearer(await sign()));
    expect([answer.status, answer.wwwAuthenticate, answer.body]).toEqual([
      500,
      null,
      '{"error":"server_error"}',
    ]);
    await get(`${origin}/other`, bearer(await sign()));
    expect(ran).toEqual([]);
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]?.[0])).toContain('nodeHttpRequireAuth found no otel-jwt state');
  });
});
