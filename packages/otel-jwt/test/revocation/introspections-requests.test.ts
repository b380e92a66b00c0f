import { randomBytes } from 'node:crypto';
import { describe, expect, test, vi } from 'vitest';
import { FAILED_ANSWER_MS, INTROSPECTION_OUTCOMES } from '../../src/revocation/introspections.js';
import { counted, ISSUER, opaque, T0, useIntrospections } from '../support/introspection-fixtures.js';

// The introspection requests (RFC 7662 §2.1, client authentication per RFC 6749 §2.3.1) and their
// failures, against a real loopback endpoint that checks the client as a real one does.

const { serve, client, notices } = useIntrospections();

describe('Introspections requests', () => {
  test('POSTs the token form with client_secret_basic, id and secret form-encoded before base64', async () => {
    const server = await serve();
    const token = opaque();
    const { introspections } = client(server);
    await introspections.introspect(token);
    const [request] = server.requests;
    expect(request).toMatchObject({
      method: 'POST',
      contentType: 'application/x-www-form-urlencoded',
      accept: 'application/json',
      form: { token, token_type_hint: 'access_token' },
      authenticated: true,
    });
    expect(Object.keys(request?.form ?? {})).toEqual(['token', 'token_type_hint']);
    const { id, secret } = server.client;
    // A plain id:secret would not do: the secret holds ':', '+', '/' and '%', the id a space.
    expect(request?.authorization).not.toBe(`Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`);
  });

  test('sends the client id and secret in the body with client_secret_post, and no Authorization', async () => {
    const server = await serve();
    server.client = { ...server.client, method: 'client_secret_post' };
    const token = opaque();
    server.answers.set(token, { active: true });
    const { introspections } = client(server);
    await introspections.introspect(token);
    expect(server.requests[0]).toMatchObject({
      authorization: undefined,
      form: {
        token,
        token_type_hint: 'access_token',
        client_id: server.client.id,
        client_secret: server.client.secret,
      },
      authenticated: true,
    });
    expect(introspections.lookup(token, T0).kind).toBe('active');
  });

  test('a wrong client secret gets 401 from the endpoint: failed, counted, said once with the status, no token or secret', async () => {
    const server = await serve();
    const wrong = `wrong-${randomBytes(8).toString('hex')}`;
    const { introspections, counts } = client(server, { client: { id: server.client.id, secret: wrong } });
    const [first, second] = [opaque(), opaque()];
    await introspections.introspect(first);
    await introspections.introspect(second);
    expect(server.requests.map((r) => r.authenticated)).toEqual([false, false]);
    expect(introspections.lookup(first, T0)).toEqual({ kind: 'failed' });
    expect(counted(counts)).toEqual({ http_error: 2 });
    expect(notices()).toEqual([
      `error otel-jwt: token introspection for issuer ${ISSUER} failed (http_error, status 401); check the introspection client id and secret; its opaque tokens are unverified (introspection_unavailable) while it fails`,
    ]);
    for (const secret of [first, second, wrong]) expect(notices().join('\n')).not.toContain(secret);
  });

  test('a failure is held for a second: the endpoint is not asked again before', async () => {
    const server = await serve();
    server.mode = 'http-500';
    const token = opaque();
    const { introspections } = client(server);
    await introspections.introspect(token);
    await introspections.introspect(token);
    expect(server.requests).toHaveLength(1);
    expect(introspections.lookup(token, T0 + FAILED_ANSWER_MS - 1)).toEqual({ kind: 'failed' });
    vi.setSystemTime(T0 + FAILED_ANSWER_MS);
    expect(introspections.lookup(token, Date.now())).toEqual({ kind: 'unknown' });
    server.mode = 'normal';
    await introspections.introspect(token);
    expect(server.requests).toHaveLength(2);
    expect(introspections.lookup(token, Date.now())).toEqual({ kind: 'inactive' });
  });

  test('an answer after failures is said once as the end of the outage', async () => {
    const server = await serve();
    server.mode = 'reset';
    const { introspections, counts } = client(server);
    await introspections.introspect(opaque());
    await introspections.introspect(opaque());
    server.mode = 'normal';
    await introspections.introspect(opaque());
    await introspections.introspect(opaque());
    expect(counted(counts)).toEqual({ inactive: 2, fetch_failed: 2 });
    expect(notices()).toEqual([
      expect.stringMatching(
        /^error otel-jwt: token introspection for issuer https:\/\/idp.example failed \(fetch_failed\);/,
      ),
      `warn otel-jwt: token introspection for issuer ${ISSUER} answered after 2 failures`,
    ]);
  });

  test('an endpoint that never answers fails within timeoutMilliseconds (fetch_timeout)', async () => {
    const server = await serve();
    server.mode = 'hang';
    const token = opaque();
    const { introspections, counts } = client(server, { timeoutMilliseconds: 100 });
    const started = performance.now();
    await introspections.introspect(token);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(introspections.lookup(token, T0)).toEqual({ kind: 'failed' });
    expect(counted(counts)).toEqual({ fetch_timeout: 1 });
  });

  test.each([
    ['an answer over maxResponseBytes', 'oversized', '', 'response_too_large'],
    ['an HTTP 500', 'http-500', '', 'http_error'],
    ['a redirect, never followed', 'redirect', '', 'http_error'],
    ['a body that is not JSON', 'raw', '<html>login</html>', 'invalid_response'],
    ['a JSON array', 'raw', '[{"active":true}]', 'invalid_response'],
    ['an answer without a boolean active', 'raw', '{"active":"yes"}', 'invalid_response'],
  ] as const)('%s fails the token (%s)', async (_name, mode, raw, code) => {
    const server = await serve();
    server.mode = mode;
    server.raw = raw;
    server.oversizeBytes = 4096;
    const token = opaque();
    const { introspections, counts } = client(server, { maxResponseBytes: 1024 });
    await introspections.introspect(token);
    expect(introspections.lookup(token, T0)).toEqual({ kind: 'failed' });
    expect(counted(counts)).toEqual({ [code]: 1 });
    expect(server.count('/elsewhere')).toBe(0);
  });

  test('counts each outcome under its name', () => {
    expect(INTROSPECTION_OUTCOMES).toEqual([
      'active',
      'inactive',
      'issuer_mismatch',
      'fetch_timeout',
      'fetch_failed',
      'http_error',
      'response_too_large',
      'invalid_response',
    ]);
  });
});
