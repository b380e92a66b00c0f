// expressRequireAuth on a real Express 5 server, behind instrumentation-http and otel-jwt's propagator: the
// app of docs/route-protection.md, and a route whose handler records whether it ran.
import { createServer, type Server } from 'node:http';
import { context } from '@opentelemetry/api';
import type express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { expressRequireAuth, getAuth } from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { app } from './readme-snippet.js';
import { bearer, get, listen, type RealPath, sign, startRealPath } from './route-fixtures.js';

let path: RealPath;
let server: Server;
let origin: string;
const ran: string[] = [];

beforeAll(async () => {
  path = await startRealPath();
  app.get(
    '/clerks',
    expressRequireAuth({ realm: 'orders', roles: ['clerk'] }),
    (_request: unknown, response: express.Response) => {
      ran.push(String(getAuth(context.active())?.subjectVerdict));
      response.json({ ok: true });
    },
  );
  server = createServer(app);
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

const post = async (url: string, headers: Record<string, string>) => {
  const response = await fetch(url, { method: 'POST', headers });
  return {
    status: response.status,
    www: response.headers.get('www-authenticate'),
    body: await response.text(),
  };
};

describe('expressRequireAuth through the real propagator', () => {
  test('the Express server got the admission step when it started listening', () => {
    expect(Object.hasOwn(server, 'emit')).toBe(true);
  });

  test('a token with the scope reaches the handler', async () => {
    const answer = await get(`${origin}/orders`, bearer(await sign({ scope: 'orders:read' })));
    expect([answer.status, answer.wwwAuthenticate, answer.body]).toEqual([200, null, '{"orders":[]}']);
  });

  test('no token is 401 with the realm and no error, and the next handler does not run', async () => {
    const answer = await get(`${origin}/clerks`);
    expect(answer).toEqual({
      status: 401,
      wwwAuthenticate: 'Bearer realm="orders"',
      retryAfter: null,
      contentType: 'application/json; charset=utf-8',
      body: '{"error":"unauthorized"}',
    });
    expect(ran).toEqual([]);
  });

  test('the snippet route: a token without the scope is 403 insufficient_scope naming it', async () => {
    const answer = await get(`${origin}/orders`, bearer(await sign({ scope: 'orders:write' })));
    expect([answer.status, answer.wwwAuthenticate, answer.body]).toEqual([
      403,
      'Bearer realm="orders", error="insufficient_scope", error_description="The access token lacks a required scope", scope="orders:read"',
      '{"error":"insufficient_scope"}',
    ]);
  });

  test('a token whose signature does not match is 401 invalid_token', async () => {
    const token = await sign({ roles: ['clerk'] });
    const answer = await get(`${origin}/clerks`, bearer(`${token.slice(0, -4)}AAAA`));
    expect([answer.status, answer.wwwAuthenticate]).toEqual([
      401,
      'Bearer realm="orders", error="invalid_token", error_description="The access token is not valid"',
    ]);
    expect(ran).toEqual([]);
  });

  test('a role in the roles claim lets the handler run, with the propagator context it found', async () => {
    const answer = await get(`${origin}/clerks`, bearer(await sign({ roles: ['clerk'] })));
    expect([answer.status, answer.body]).toEqual([200, '{"ok":true}']);
    expect(ran).toEqual(['no_upstream_proof']);
  });

  test('a missing role is 403 without a scope attribute', async () => {
    const answer = await get(`${origin}/clerks`, bearer(await sign({ roles: ['viewer'] })));
    expect([answer.status, answer.wwwAuthenticate]).toEqual([
      403,
      'Bearer realm="orders", error="insufficient_scope", error_description="The access token does not grant access to this resource"',
    ]);
    expect(ran).toEqual([]);
  });

  test('the neutral guard of the snippet answers with its refusal through Express', async () => {
    expect(await post(`${origin}/refunds`, bearer(await sign({ tenant: 'other' })))).toEqual({
      status: 403,
      www: 'Bearer realm="orders", error="insufficient_scope", error_description="The access token does not grant access to this resource"',
      body: '{"error":"insufficient_scope"}',
    });
    expect(await post(`${origin}/refunds`, bearer(await sign({ tenant: 'shop' })))).toEqual({
      status: 200,
      www: null,
      body: '{"refundedBy":"alice"}',
    });
  });

  test('a token of an issuer whose keys are unavailable is 503 with Retry-After, and no handler runs', async () => {
    const answer = await get(
      `${origin}/clerks`,
      bearer(await sign({ iss: path.downIssuer, roles: ['clerk'] })),
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
