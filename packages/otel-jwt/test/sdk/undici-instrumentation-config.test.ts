import { type Attributes, DiagLogLevel, diag, ROOT_CONTEXT } from '@opentelemetry/api';
import type { UndiciInstrumentationConfig, UndiciRequest } from '@opentelemetry/instrumentation-undici';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { carriesAuthorization, resolveDestination } from '../../src/propagator/destination.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { jwtUndiciInstrumentationConfig } from '../../src/sdk/undici-instrumentation-config.js';
import { mint } from '../support/telemetry-fixtures.js';

// The hooks on hand-made requests of each undici shape; real fetch through the instrumentation is in
// undici-instrumentation-config-fetch.test.ts.

const nextMicrotask = () => new Promise<void>((resolve) => queueMicrotask(resolve));
afterEach(async () => {
  await nextMicrotask();
  seenTokens.clear();
  diag.disable();
});

/** An undici request as the instrumentation hands it to the hooks; `headers` in any undici shape. */
const undiciRequest = (headers: unknown, origin: unknown = 'https://orders.internal:8443') => ({
  origin,
  path: '/orders/7',
  method: 'GET',
  headers,
});

/** What inject would learn for the request: its destination's origin and whether it carries Authorization. */
function recorded(): { origin: string | undefined; authorization: boolean } {
  const destination = resolveDestination(ROOT_CONTEXT);
  return { origin: destination?.origin, authorization: carriesAuthorization(destination) };
}

describe('without options of your own', () => {
  test('the config holds the two otel-jwt hooks and nothing else', () => {
    expect(Object.keys(jwtUndiciInstrumentationConfig()).sort()).toEqual(['requestHook', 'startSpanHook']);
  });

  test('startSpanHook returns frozen empty attributes', () => {
    const attributes = jwtUndiciInstrumentationConfig().startSpanHook(undiciRequest([]));
    expect(attributes).toEqual({});
    expect(Object.isFrozen(attributes)).toBe(true);
  });

  test('the request hook records the destination from the request origin for the next inject', () => {
    jwtUndiciInstrumentationConfig().requestHook(undefined, undiciRequest([]));
    expect(recorded()).toEqual({ origin: 'https://orders.internal:8443', authorization: false });
  });

  test.each([
    ['undici 6 and later: a flat array', ['accept', '*/*', 'Authorization', 'Bearer own']],
    ['undici 6 and later: a value array', ['authorization', ['Bearer own']]],
    ['undici 5: name: value lines', 'accept: */*\r\nAuthorization: Bearer own\r\n'],
  ])('the request hook reports an Authorization header of the application (%s)', (_, headers) => {
    jwtUndiciInstrumentationConfig().requestHook(undefined, undiciRequest(headers));
    expect(recorded()).toEqual({ origin: 'https://orders.internal:8443', authorization: true });
  });

  test.each([
    ['array', ['x-authorization', 'Bearer own', 'accept', 'authorization']],
    ['text', 'x-authorization: Bearer own\r\naccept: authorization\r\n'],
  ])(
    'a header named otherwise, or a value that reads authorization, is no Authorization header (%s)',
    (_, headers) => {
      jwtUndiciInstrumentationConfig().requestHook(undefined, undiciRequest(headers));
      expect(recorded().authorization).toBe(false);
    },
  );

  test('hooks given odd requests do not throw and record no destination', () => {
    const config = jwtUndiciInstrumentationConfig();
    const hostile = {
      get origin(): never {
        throw new Error('hostile request');
      },
      get headers(): never {
        throw new Error('hostile request');
      },
    };
    for (const request of [undefined, null, 'x', 42, {}, hostile, undiciRequest(42, 42)]) {
      expect(() => config.startSpanHook(request)).not.toThrow();
      expect(() => config.requestHook(undefined, request)).not.toThrow();
      expect(resolveDestination(ROOT_CONTEXT)).toBeUndefined();
    }
  });
});

describe('merged with your own options', () => {
  test('fetch: other options are kept as given and the base object is not changed', () => {
    const ignoreRequestHook = () => false;
    const startSpanHook = () => ({});
    const base = { requireParentforSpans: true, ignoreRequestHook, startSpanHook };
    const config = jwtUndiciInstrumentationConfig(base);
    expect(config.requireParentforSpans).toBe(true);
    expect(config.ignoreRequestHook).toBe(ignoreRequestHook);
    expect(config.startSpanHook).not.toBe(startSpanHook);
    expect(Object.keys(base)).toEqual(['requireParentforSpans', 'ignoreRequestHook', 'startSpanHook']);
  });

  test('your startSpanHook runs after the credential is remembered and its attributes are returned', () => {
    const token = mint({ sub: 'client-credentials' });
    const theirs: Attributes = { 'peer.service': 'orders' };
    const remembered: boolean[] = [];
    const config = jwtUndiciInstrumentationConfig({
      startSpanHook: () => {
        remembered.push(seenTokens.holdsPiece(token.split('.')[2] as string));
        return theirs;
      },
    });
    expect(config.startSpanHook(undiciRequest(['authorization', `Bearer ${token}`]))).toBe(theirs);
    expect(remembered).toEqual([true]);
  });

  test('your requestHook runs after the destination is recorded, with the same span and request', () => {
    const seen: unknown[] = [];
    const config = jwtUndiciInstrumentationConfig({
      requestHook: (span: unknown, request: unknown) => {
        seen.push(span, request, resolveDestination(ROOT_CONTEXT)?.origin);
      },
    });
    const span = { name: 'GET' };
    const request = undiciRequest([]);
    config.requestHook(span, request);
    expect(seen).toEqual([span, request, 'https://orders.internal:8443']);
  });

  test('a startSpanHook of yours that returns nothing (plain JavaScript) still gives frozen empty attributes', () => {
    const config = jwtUndiciInstrumentationConfig({
      startSpanHook: () => undefined as unknown as Attributes,
    });
    const attributes = config.startSpanHook(undiciRequest([]));
    expect(attributes).toEqual({});
    expect(Object.isFrozen(attributes)).toBe(true);
  });

  test('the merged config is assignable to UndiciInstrumentationConfig of instrumentation-undici', () => {
    const config: UndiciInstrumentationConfig = jwtUndiciInstrumentationConfig<UndiciInstrumentationConfig>({
      requireParentforSpans: true,
      startSpanHook: (request) => ({ 'app.path': request.path }),
    });
    expect(config.startSpanHook?.(undiciRequest([]) as unknown as UndiciRequest)).toEqual({
      'app.path': '/orders/7',
    });
    expect(config.requireParentforSpans).toBe(true);
  });
});

describe('keeping credentials out of fetch spans', () => {
  test('startSpanHook remembers the bearer token of the request for redaction, in either header shape', () => {
    const config = jwtUndiciInstrumentationConfig();
    for (const headers of [
      (t: string) => ['Authorization', `Bearer ${t}`],
      (t: string) => `authorization: Bearer ${t}\r\n`,
    ]) {
      const token = mint({ sub: 'service-client' });
      const signature = token.split('.')[2] as string;
      expect(seenTokens.holdsPiece(signature)).toBe(false);
      config.startSpanHook(undiciRequest(headers(token)));
      expect(seenTokens.holdsPiece(signature)).toBe(true);
    }
  });

  test('fetch: credential headers are removed from headersToSpanAttributes, other headers kept', () => {
    const config = jwtUndiciInstrumentationConfig({
      headersToSpanAttributes: {
        requestHeaders: ['Authorization', 'x-request-id', 'cookie', 'x-api-key'],
        responseHeaders: ['set-cookie', 'content-type'],
      },
    });
    expect(config.headersToSpanAttributes).toEqual({
      requestHeaders: ['x-request-id'],
      responseHeaders: ['content-type'],
    });
  });

  test('headersToSpanAttributes that are not lists (plain JavaScript) record no header', () => {
    for (const capture of [null, 'authorization', { requestHeaders: 'authorization' }]) {
      const config = jwtUndiciInstrumentationConfig({ headersToSpanAttributes: capture as never });
      expect(config.headersToSpanAttributes).toEqual({ requestHeaders: [], responseHeaders: [] });
    }
  });

  test('fetch: credential keys of the redaction options are removed from headersToSpanAttributes too', () => {
    const config = jwtUndiciInstrumentationConfig(
      { headersToSpanAttributes: { requestHeaders: ['x-tenant-secret-v2', 'x-tenant'] } },
      { redaction: { credentialKeys: ['x-tenant-secret-v2'] } },
    );
    expect(config.headersToSpanAttributes?.requestHeaders).toEqual(['x-tenant']);
  });

  test('fetch: removing credential headers is logged once with their names', () => {
    const warn = vi.fn();
    diag.setLogger(
      { warn, error: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() },
      DiagLogLevel.WARN,
    );
    jwtUndiciInstrumentationConfig({
      headersToSpanAttributes: { requestHeaders: ['Authorization'], responseHeaders: ['set-cookie'] },
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/authorization, set-cookie/);
  });

  test('a mistake in the options throws at start-up', () => {
    expect(() =>
      jwtUndiciInstrumentationConfig(undefined, { redaction: { credentialKeys: 'cookie' } as never }),
    ).toThrow(/redaction.credentialKeys must be an array/);
    expect(() => jwtUndiciInstrumentationConfig(undefined, { redactions: {} } as never)).toThrow(
      /redactions/,
    );
  });
});
