import { type Context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, test } from 'vitest';
import {
  carriesAuthorization,
  resolveDestination,
  setPendingDestination,
  setPendingOrigin,
} from '../../src/propagator/destination.js';

// The destination of a fetch (from its origin) and whether its request already carries an Authorization
// header; the node:http options and the span fallback are in destination.test.ts.

/** Lets the microtask that clears the pending destination run. */
const nextMicrotask = () => new Promise<void>((resolve) => queueMicrotask(resolve));

/** A context whose span exposes `attributes` and `shape`, as SDK spans do. */
function withSpanAttributes(attributes: unknown, shape: object = { kind: SpanKind.CLIENT }): Context {
  const spanContext = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: 1,
  };
  return trace.setSpan(
    ROOT_CONTEXT,
    Object.assign(trace.wrapSpanContext(spanContext), { attributes, ...shape }),
  );
}

afterEach(async () => {
  await nextMicrotask();
});

describe('setPendingOrigin from a request origin (fetch)', () => {
  test('an origin string gives the destination, with the default port of its scheme when it has none', () => {
    setPendingOrigin('https://Orders.Internal', false);
    expect(resolveDestination(ROOT_CONTEXT)).toEqual({
      protocol: 'https:',
      hostname: 'orders.internal',
      port: 443,
      origin: 'https://orders.internal:443',
    });
    setPendingOrigin('http://[::1]:8080', false);
    expect(resolveDestination(ROOT_CONTEXT)?.origin).toBe('http://[::1]:8080');
  });

  test('a URL object gives the destination of its origin', () => {
    setPendingOrigin(new URL('http://127.0.0.1:3000/orders?x=1'), false);
    expect(resolveDestination(ROOT_CONTEXT)?.origin).toBe('http://127.0.0.1:3000');
  });

  test.each([undefined, null, 42, '', '/relative', 'ftp://files.internal', 'not a url'])(
    'origin %j gives an unknown destination and clears an earlier one',
    (origin) => {
      setPendingOrigin('https://earlier.internal', false);
      setPendingOrigin(origin, true);
      expect(resolveDestination(ROOT_CONTEXT)).toBeUndefined();
    },
  );

  test('is consumed by one resolveDestination and cleared at the next microtask like the HTTP record', async () => {
    setPendingOrigin('https://orders.internal', false);
    expect(resolveDestination(ROOT_CONTEXT)?.hostname).toBe('orders.internal');
    expect(resolveDestination(ROOT_CONTEXT)).toBeUndefined();
    setPendingOrigin('https://orders.internal', false);
    await nextMicrotask();
    expect(resolveDestination(ROOT_CONTEXT)).toBeUndefined();
  });
});

describe('whether the request already carries an Authorization header', () => {
  test('is told with the origin and travels with the destination resolved for that request', () => {
    setPendingOrigin('https://orders.internal', true);
    const withOwn = resolveDestination(ROOT_CONTEXT);
    setPendingOrigin('https://orders.internal', false);
    const without = resolveDestination(ROOT_CONTEXT);
    expect(carriesAuthorization(withOwn)).toBe(true);
    expect(carriesAuthorization(without)).toBe(false);
    expect(withOwn).toEqual(without);
  });

  test('is told with request options too, and defaults to none', () => {
    setPendingDestination({ hostname: 'a.internal' }, true);
    expect(carriesAuthorization(resolveDestination(ROOT_CONTEXT))).toBe(true);
    setPendingDestination({ hostname: 'a.internal' });
    expect(carriesAuthorization(resolveDestination(ROOT_CONTEXT))).toBe(false);
  });

  test('an unknown destination carries none', () => {
    expect(carriesAuthorization(undefined)).toBe(false);
  });

  test('a client span of fetch instrumented without the hooks may carry one: the carrier cannot show it', () => {
    const url = { 'url.full': 'https://orders.internal/orders' };
    const fetchSpan = (name: string) =>
      withSpanAttributes(url, { kind: SpanKind.CLIENT, instrumentationScope: { name } });
    const fetched = resolveDestination(fetchSpan('@opentelemetry/instrumentation-undici'));
    expect(fetched?.origin).toBe('https://orders.internal:443');
    expect(carriesAuthorization(fetched)).toBe(true);
    expect(carriesAuthorization(resolveDestination(fetchSpan('@opentelemetry/instrumentation-http')))).toBe(
      false,
    );
    expect(carriesAuthorization(resolveDestination(withSpanAttributes(url)))).toBe(false);
  });
});
