import type { IncomingMessage, RequestOptions } from 'node:http';
import { type Attributes, ROOT_CONTEXT } from '@opentelemetry/api';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { afterEach, describe, expect, test } from 'vitest';
import { resolveDestination } from '../src/destination.js';
import { takeDuplicateAuthorizationMark } from '../src/duplicate-authorization.js';
import { jwtHttpInstrumentationConfig } from '../src/http-instrumentation-config.js';

const nextMicrotask = () => new Promise<void>((resolve) => queueMicrotask(resolve));
afterEach(async () => {
  await nextMicrotask();
});

/** An IncomingMessage-like request with two Authorization headers in rawHeaders. */
const duplicateRequest = () => ({
  headers: { authorization: 'Bearer first-opaque' } as Record<string, string>,
  rawHeaders: ['Authorization', 'Bearer first-opaque', 'Authorization', 'Bearer second-opaque'],
});

describe('without options of your own', () => {
  test('the config holds exactly the two otel-jwt hooks', () => {
    expect(Object.keys(jwtHttpInstrumentationConfig()).sort()).toEqual([
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
    for (const request of [undefined, null, 'x', 42, {}]) {
      expect(() => config.startIncomingSpanHook(request)).not.toThrow();
      expect(() => config.startOutgoingSpanHook(request)).not.toThrow();
    }
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
