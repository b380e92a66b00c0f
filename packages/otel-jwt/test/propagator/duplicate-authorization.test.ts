import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { defaultTextMapGetter } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  markDuplicateAuthorization,
  takeDuplicateAuthorizationMark,
} from '../../src/propagator/duplicate-authorization.js';
import { readToken, type TokenRead } from '../../src/propagator/token-source.js';

const FIRST = 'first-opaque-token';
const SECOND = 'second-opaque-token';

describe('markDuplicateAuthorization with IncomingMessage-like objects', () => {
  const requestWith = (rawHeaders: unknown[]) => ({ rawHeaders, headers: {} as Record<string, string> });

  test('two Authorization headers in any case mark the headers object', () => {
    const request = requestWith(['AUTHORIZATION', `Bearer ${FIRST}`, 'authorization', `Bearer ${SECOND}`]);
    markDuplicateAuthorization(request);
    expect(takeDuplicateAuthorizationMark(request.headers)).toBe(true);
  });

  test('a single Authorization header leaves the headers object unmarked', () => {
    const request = requestWith(['Host', 'a', 'Authorization', `Bearer ${FIRST}`, 'Accept', '*/*']);
    markDuplicateAuthorization(request);
    expect(takeDuplicateAuthorizationMark(request.headers)).toBe(false);
  });

  test('only header names count: a header value spelled authorization is not a second header', () => {
    const request = requestWith(['x-note', 'authorization', 'Authorization', `Bearer ${FIRST}`]);
    markDuplicateAuthorization(request);
    expect(takeDuplicateAuthorizationMark(request.headers)).toBe(false);
  });

  test('names that merely contain authorization (proxy-authorization) are not counted', () => {
    const request = requestWith(['Proxy-Authorization', 'Basic x', 'Authorization', `Bearer ${FIRST}`]);
    markDuplicateAuthorization(request);
    expect(takeDuplicateAuthorizationMark(request.headers)).toBe(false);
  });

  test('the mark is taken once: a second take of the same headers object is false', () => {
    const request = requestWith(['Authorization', 'a', 'Authorization', 'b']);
    markDuplicateAuthorization(request);
    expect([
      takeDuplicateAuthorizationMark(request.headers),
      takeDuplicateAuthorizationMark(request.headers),
    ]).toEqual([true, false]);
  });

  test('the mark sits on request.headers, not on the request object itself', () => {
    const request = requestWith(['Authorization', 'a', 'Authorization', 'b']);
    markDuplicateAuthorization(request);
    expect(takeDuplicateAuthorizationMark(request)).toBe(false);
    expect(takeDuplicateAuthorizationMark(request.headers)).toBe(true);
  });

  test.each([
    ['null', null],
    ['a string', 'Authorization'],
    ['an object without rawHeaders', { headers: {} }],
    ['rawHeaders that is not an array', { rawHeaders: 'Authorization', headers: {} }],
    ['headers that is null', { rawHeaders: ['Authorization', 'a', 'Authorization', 'b'], headers: null }],
    ['non-string header names', { rawHeaders: [1, 'a', {}, 'b'], headers: {} }],
  ])('a request that is %s is ignored without throwing', (_label, request) => {
    expect(() => markDuplicateAuthorization(request)).not.toThrow();
    const headers = (request as { headers?: unknown } | null)?.headers;
    expect(takeDuplicateAuthorizationMark(headers)).toBe(false);
  });

  test.each([null, undefined, 'headers', 42])('taking the mark of the non-object %j is false', (carrier) => {
    expect(takeDuplicateAuthorizationMark(carrier)).toBe(false);
  });
});

describe('a real node:http server receiving two Authorization headers', () => {
  interface Seen {
    readonly authorization: string | undefined;
    readonly unmarked: TokenRead;
    readonly marked: TokenRead;
  }
  let server: Server;
  let port: number;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      const headers = request.headers;
      const unmarked = readToken(headers, defaultTextMapGetter, [{ kind: 'authorization' }]);
      markDuplicateAuthorization(request);
      const marked = readToken(headers, defaultTextMapGetter, [{ kind: 'authorization' }]);
      seen.push({ authorization: headers.authorization, unmarked, marked });
      response.end('ok');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Sends a raw request, since no HTTP client library would send Authorization twice. */
  async function sendRaw(headerLines: string[]): Promise<string> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.end(
      ['GET / HTTP/1.1', 'Host: 127.0.0.1', ...headerLines, 'Connection: close', '', ''].join('\r\n'),
    );
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    await once(socket, 'close');
    return Buffer.concat(chunks).toString('latin1');
  }

  test('Node keeps only the first Authorization header, and the mark turns the read into multiple_tokens', async () => {
    seen.length = 0;
    const reply = await sendRaw([`Authorization: Bearer ${FIRST}`, `Authorization: Bearer ${SECOND}`]);
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
    expect(seen).toHaveLength(1);
    const [request] = seen as [Seen];
    expect(request.authorization).toBe(`Bearer ${FIRST}`);
    expect(request.unmarked).toEqual({ found: true, token: FIRST, fromAuthorization: true });
    expect(request.marked).toEqual({ found: false, code: 'multiple_tokens' });
  });

  test('a single Authorization header over the same server still yields the token after marking', async () => {
    seen.length = 0;
    await sendRaw([`authorization: Bearer ${FIRST}`]);
    expect(seen).toHaveLength(1);
    expect((seen[0] as Seen).marked).toEqual({ found: true, token: FIRST, fromAuthorization: true });
  });
});
