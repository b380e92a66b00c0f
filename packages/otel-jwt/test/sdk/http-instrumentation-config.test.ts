import type { IncomingMessage, RequestOptions } from 'node:http';
import { type Attributes, DiagLogLevel, diag, ROOT_CONTEXT } from '@opentelemetry/api';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { carriesAuthorization, resolveDestination } from '../../src/propagator/destination.js';
import { takeDuplicateAuthorizationMark } from '../../src/propagator/duplicate-authorization.js';
import {
  INSTRUMENTATION_QUERY_DEFAULTS,
  SENSITIVE_QUERY_PARAMETERS,
} from '../../src/redaction/query-parameters.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { jwtHttpInstrumentationConfig } from '../../src/sdk/http-instrumentation-config.js';
import { mint } from '../support/telemetry-fixtures.js';

const nextMicrotask = () => new Promise<void>((resolve) => queueMicrotask(resolve));
afterEach(async () => {
  await nextMicrotask();
  seenTokens.clear();
  diag.disable();
});

/** An IncomingMessage-like request with two Authorization headers in rawHeaders. */
const duplicateRequest = () => ({
  headers: { authorization: 'Bearer first-opaque' } as Record<string, string>,
  rawHeaders: ['Authorization', 'Bearer first-opaque', 'Authorization', 'Bearer second-opaque'],
});

describe('without options of your own', () => {
  test('the config holds the three otel-jwt hooks and both query-parameter lists', () => {
    expect(Object.keys(jwtHttpInstrumentationConfig()).sort()).toEqual([
      'redactedQueryParams',
      'redactedQueryParamsServer',
      'requestHook',
      'startIncomingSpanHook',
      'startOutgoingSpanHook',
    ]);
  });

  test('both hooks return frozen empty attributes', () => {
    const config = jwtHttpInstrumentationConfig();
    for (const attributes of [
      config.startIncomingSpanHook(duplicateRequest()),
      config.startOutgoingSpanHook({ hostname: 'a.internal' }),
    ]) {
      expect(attributes).toEqual({});
      expect(Object.isFrozen(attributes)).toBe(true);
    }
  });

  test('the incoming hook marks requests that carry two Authorization headers', () => {
    const request = duplicateRequest();
    jwtHttpInstrumentationConfig().startIncomingSpanHook(request);
    expect(takeDuplicateAuthorizationMark(request.headers)).toBe(true);
  });

  test('the outgoing hook records the destination for the next inject', () => {
    jwtHttpInstrumentationConfig().startOutgoingSpanHook({ protocol: 'https:', hostname: 'orders.internal' });
    expect(resolveDestination(ROOT_CONTEXT)?.origin).toBe('https://orders.internal:443');
  });

  test('hooks given odd requests do not throw', () => {
    const config = jwtHttpInstrumentationConfig();
    const hostile = {
      get getHeader(): never {
        throw new Error('hostile request');
      },
    };
    for (const request of [undefined, null, 'x', 42, {}, hostile]) {
      expect(() => config.startIncomingSpanHook(request)).not.toThrow();
      expect(() => config.startOutgoingSpanHook(request)).not.toThrow();
      expect(() => config.requestHook(undefined, request)).not.toThrow();
    }
  });

  test.each([
    ['an object', { Authorization: 'Bearer own' }],
    ['a flat array, as node:http allows', ['accept', '*/*', 'authorization', 'Bearer own']],
  ])('the outgoing hook reports an Authorization header of the options given as %s', (_, headers) => {
    jwtHttpInstrumentationConfig().startOutgoingSpanHook({ hostname: 'orders.internal', headers });
    expect(carriesAuthorization(resolveDestination(ROOT_CONTEXT))).toBe(true);
  });

  test('the outgoing hook reports the auth option as an Authorization header: node:http turns it into one', () => {
    const config = jwtHttpInstrumentationConfig();
    config.startOutgoingSpanHook({ hostname: 'orders.internal', auth: 'user:secret' });
    expect(carriesAuthorization(resolveDestination(ROOT_CONTEXT))).toBe(true);
    config.startOutgoingSpanHook({ hostname: 'orders.internal', headers: { accept: '*/*' } });
    expect(carriesAuthorization(resolveDestination(ROOT_CONTEXT))).toBe(false);
  });
});

describe('merged with your own options', () => {
  test('other options are kept as given and the base object is not changed', () => {
    const ignoreIncomingRequestHook = () => false;
    const incoming = () => ({});
    const base = { serverName: 'orders', ignoreIncomingRequestHook, startIncomingSpanHook: incoming };
    const config = jwtHttpInstrumentationConfig(base);
    expect(config.serverName).toBe('orders');
    expect(config.ignoreIncomingRequestHook).toBe(ignoreIncomingRequestHook);
    expect(config.startIncomingSpanHook).not.toBe(incoming);
    expect(base.startIncomingSpanHook).toBe(incoming);
    expect(Object.keys(base)).toEqual(['serverName', 'ignoreIncomingRequestHook', 'startIncomingSpanHook']);
  });

  test('your incoming hook runs after the mark and its attributes are returned', () => {
    const theirs: Attributes = { 'app.tenant': 'acme' };
    const calls: { request: unknown; markedBefore: boolean }[] = [];
    const config = jwtHttpInstrumentationConfig({
      startIncomingSpanHook: (request: IncomingMessage) => {
        calls.push({ request, markedBefore: takeDuplicateAuthorizationMark(request.headers) });
        return theirs;
      },
    });
    const request = duplicateRequest();
    expect(config.startIncomingSpanHook(request)).toBe(theirs);
    expect(calls).toEqual([{ request, markedBefore: true }]);
  });

  test('your outgoing hook runs after the destination is recorded and its attributes are returned', () => {
    const theirs: Attributes = { 'peer.service': 'orders' };
    const seen: (string | undefined)[] = [];
    const config = jwtHttpInstrumentationConfig({
      startOutgoingSpanHook: (_options: RequestOptions) => {
        seen.push(resolveDestination(ROOT_CONTEXT)?.origin);
        return theirs;
      },
    });
    expect(config.startOutgoingSpanHook({ hostname: 'orders.internal', port: 8080 })).toBe(theirs);
    expect(seen).toEqual(['http://orders.internal:8080']);
  });

  test('a hook of yours that returns nothing (plain JavaScript) still gives frozen empty attributes', () => {
    const config = jwtHttpInstrumentationConfig({
      startIncomingSpanHook: () => undefined as unknown as Attributes,
      startOutgoingSpanHook: () => null as unknown as Attributes,
    });
    const incoming = config.startIncomingSpanHook(duplicateRequest());
    const outgoing = config.startOutgoingSpanHook({ hostname: 'a.internal' });
    expect([incoming, outgoing]).toEqual([{}, {}]);
    expect(Object.isFrozen(incoming) && Object.isFrozen(outgoing)).toBe(true);
  });

  test('the merged config is assignable to HttpInstrumentationConfig of instrumentation-http', () => {
    const config: HttpInstrumentationConfig = jwtHttpInstrumentationConfig<HttpInstrumentationConfig>({
      requireParentforOutgoingSpans: true,
      startIncomingSpanHook: (request) => ({ 'http.request.header.count': request.rawHeaders.length / 2 }),
    });
    const request = duplicateRequest() as unknown as IncomingMessage;
    expect(config.startIncomingSpanHook?.(request)).toEqual({ 'http.request.header.count': 2 });
    expect(config.requireParentforOutgoingSpans).toBe(true);
  });
});

describe('keeping credentials out of HTTP spans', () => {
  test('both query-parameter lists hold the instrumentation defaults and the OAuth parameters', () => {
    const config = jwtHttpInstrumentationConfig();
    for (const list of [config.redactedQueryParams, config.redactedQueryParamsServer]) {
      expect(list).toEqual(
        expect.arrayContaining([...INSTRUMENTATION_QUERY_DEFAULTS, ...SENSITIVE_QUERY_PARAMETERS]),
      );
      expect(list).toEqual(
        expect.arrayContaining(['access_token', 'id_token', 'refresh_token', 'code', 'token']),
      );
    }
  });

  test('your query-parameter lists are extended, never replaced, and an empty one does not switch redaction off', () => {
    const config = jwtHttpInstrumentationConfig({
      redactedQueryParams: ['mine'],
      redactedQueryParamsServer: [],
    });
    expect(config.redactedQueryParams).toEqual(expect.arrayContaining(['mine', 'access_token', 'sig']));
    expect(config.redactedQueryParamsServer).toEqual(expect.arrayContaining(['access_token', 'sig']));
  });

  test('extra query parameters of the redaction options are added to both lists', () => {
    const config = jwtHttpInstrumentationConfig(undefined, {
      redaction: { queryParameters: ['signature_v2'] },
    });
    expect(config.redactedQueryParams).toContain('signature_v2');
    expect(config.redactedQueryParamsServer).toContain('signature_v2');
  });

  test('credential headers are removed from headersToSpanAttributes, other headers kept', () => {
    const config = jwtHttpInstrumentationConfig({
      headersToSpanAttributes: {
        client: { requestHeaders: ['Authorization', 'x-request-id'], responseHeaders: ['set-cookie'] },
        server: { requestHeaders: ['cookie', 'user-agent', 'x-api-key', 'x-auth-token'] },
      },
    });
    expect(config.headersToSpanAttributes).toEqual({
      client: { requestHeaders: ['x-request-id'], responseHeaders: [] },
      server: { requestHeaders: ['user-agent'], responseHeaders: [] },
    });
  });

  test('credential keys of the redaction options are removed from headersToSpanAttributes too', () => {
    const config = jwtHttpInstrumentationConfig(
      { headersToSpanAttributes: { server: { requestHeaders: ['x-tenant-secret-v2', 'x-tenant'] } } },
      { redaction: { credentialKeys: ['x-tenant-secret-v2'] } },
    );
    expect(config.headersToSpanAttributes?.server?.requestHeaders).toEqual(['x-tenant']);
  });

  test('removing credential headers is logged once with their names', () => {
    const warn = vi.fn();
    diag.setLogger(
      { warn, error: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() },
      DiagLogLevel.WARN,
    );
    jwtHttpInstrumentationConfig({
      headersToSpanAttributes: { server: { requestHeaders: ['Authorization', 'cookie'] } },
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/authorization, cookie/);
  });

  test('the outgoing hook remembers the bearer token of the request options for redaction', () => {
    const token = mint({ sub: 'service-client' });
    const signature = token.split('.')[2] as string;
    expect(seenTokens.holdsPiece(signature)).toBe(false);
    jwtHttpInstrumentationConfig().startOutgoingSpanHook({
      hostname: 'payments.internal',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(seenTokens.holdsPiece(signature)).toBe(true);
  });

  test('the outgoing hook remembers a bearer token of header options given as a flat array', () => {
    const token = mint({ sub: 'service-client' });
    jwtHttpInstrumentationConfig().startOutgoingSpanHook({
      hostname: 'payments.internal',
      headers: ['Accept', '*/*', 'Authorization', `Bearer ${token}`],
    });
    expect(seenTokens.holdsPiece(token.split('.')[2] as string)).toBe(true);
  });

  test('the outgoing hook ignores headers it cannot read', () => {
    const config = jwtHttpInstrumentationConfig();
    const hostile = {
      hostname: 'a.internal',
      get headers(): never {
        throw new Error('hostile options');
      },
    };
    for (const headers of [null, 'x', { authorization: 42 }, { authorization: ['Bearer', 'x'] }]) {
      expect(() => config.startOutgoingSpanHook({ hostname: 'a.internal', headers })).not.toThrow();
    }
    expect(() => config.startOutgoingSpanHook(hostile)).not.toThrow();
  });

  test('a mistake in the redaction options throws at start-up', () => {
    expect(() =>
      jwtHttpInstrumentationConfig(undefined, { redaction: { credentialKeys: 'cookie' } as never }),
    ).toThrow(/redaction.credentialKeys must be an array/);
  });
});
