import { type Context, INVALID_SPAN_CONTEXT, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, test } from 'vitest';
import { resolveDestination, setPendingDestination } from '../../src/propagator/destination.js';

/** Lets the microtask that clears the pending destination run. */
const nextMicrotask = () => new Promise<void>((resolve) => queueMicrotask(resolve));

/** A context whose span exposes `kind` and `attributes`, as SDK spans do (a client span unless told). */
function withSpanAttributes(
  attributes: unknown,
  shape: { kind?: unknown } = { kind: SpanKind.CLIENT },
): Context {
  const span = Object.assign(
    trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
    }),
    { attributes, ...shape },
  );
  return trace.setSpan(ROOT_CONTEXT, span);
}

const originOf = (options: unknown) => {
  setPendingDestination(options);
  return resolveDestination(ROOT_CONTEXT)?.origin;
};

afterEach(async () => {
  await nextMicrotask();
});

describe('setPendingDestination from request options', () => {
  test('hostname, port and protocol give the destination', () => {
    expect(originOf({ protocol: 'https:', hostname: 'orders.internal', port: 8443 })).toBe(
      'https://orders.internal:8443',
    );
  });

  test('hostname without protocol or port is http on port 80, as node:http defaults', () => {
    expect(originOf({ hostname: 'orders.internal' })).toBe('http://orders.internal:80');
  });

  test('options without a host go to localhost, as node:http defaults', () => {
    expect(originOf({})).toBe('http://localhost:80');
  });

  test('a host carrying a port is split into host and port', () => {
    expect(originOf({ host: 'orders.internal:8080' })).toBe('http://orders.internal:8080');
  });

  test('an IPv6 host with a port in brackets is split and the brackets removed', () => {
    setPendingDestination({ host: '[::1]:8080' });
    expect(resolveDestination(ROOT_CONTEXT)).toEqual({
      protocol: 'http:',
      hostname: '::1',
      port: 8080,
      origin: 'http://[::1]:8080',
    });
  });

  test('a bare IPv6 host is not mistaken for host:port', () => {
    expect(originOf({ host: '::1' })).toBe('http://[::1]:80');
  });

  test('an explicit port wins over the port inside host', () => {
    expect(originOf({ host: 'orders.internal:8080', port: 9090 })).toBe('http://orders.internal:9090');
  });

  test('hostname wins over host, and a port inside host is then not used', () => {
    expect(originOf({ hostname: 'a.internal', host: 'b.internal:8080' })).toBe('http://a.internal:80');
  });

  test('the protocol of the agent is used when the options have none', () => {
    expect(originOf({ hostname: 'orders.internal', agent: { protocol: 'https:' } })).toBe(
      'https://orders.internal:443',
    );
    expect(originOf({ hostname: 'orders.internal', _defaultAgent: { protocol: 'https:' } })).toBe(
      'https://orders.internal:443',
    );
  });

  test('https without a port is port 443', () => {
    expect(originOf({ protocol: 'https:', hostname: 'orders.internal' })).toBe('https://orders.internal:443');
  });

  test('an agent of false or null does not break the protocol default', () => {
    expect(originOf({ hostname: 'a.internal', agent: false })).toBe('http://a.internal:80');
    expect(originOf({ hostname: 'a.internal', agent: null })).toBe('http://a.internal:80');
  });

  test.each([
    ['a non-http protocol', { protocol: 'ftp:', hostname: 'a.internal' }],
    ['a port out of range', { hostname: 'a.internal', port: 70000 }],
    ['an empty hostname', { hostname: '' }],
    ['null options', null],
    ['string options', 'https://a.internal/'],
  ])('%s leaves no destination', (_label, options) => {
    setPendingDestination(options);
    expect(resolveDestination(ROOT_CONTEXT)).toBeUndefined();
  });

  test('a later call replaces the earlier destination, even with unusable options', () => {
    setPendingDestination({ hostname: 'a.internal' });
    setPendingDestination(null);
    expect(resolveDestination(ROOT_CONTEXT)).toBeUndefined();
  });
});

describe('the pending destination slot', () => {
  test('is consumed by exactly one resolveDestination', () => {
    setPendingDestination({ hostname: 'orders.internal' });
    expect(resolveDestination(ROOT_CONTEXT)?.hostname).toBe('orders.internal');
    expect(resolveDestination(ROOT_CONTEXT)).toBeUndefined();
  });

  test('is cleared at the next microtask, so it never reaches a later inject', async () => {
    setPendingDestination({ hostname: 'orders.internal' });
    await nextMicrotask();
    expect(resolveDestination(ROOT_CONTEXT)).toBeUndefined();
  });

  test('is cleared before a later inject that names another destination by its span', async () => {
    setPendingDestination({ hostname: 'trusted.internal' });
    await nextMicrotask();
    expect(resolveDestination(withSpanAttributes({ 'url.full': 'https://elsewhere.test/' }))?.hostname).toBe(
      'elsewhere.test',
    );
  });

  test('works again after a clear: a new record in a later run is resolved synchronously', async () => {
    setPendingDestination({ hostname: 'a.internal' });
    await nextMicrotask();
    setPendingDestination({ hostname: 'b.internal' });
    expect(resolveDestination(ROOT_CONTEXT)?.hostname).toBe('b.internal');
    setPendingDestination({ hostname: 'c.internal' });
    await nextMicrotask();
    expect(resolveDestination(ROOT_CONTEXT)).toBeUndefined();
  });

  test('wins over the span attributes of the context', () => {
    setPendingDestination({ hostname: 'pending.internal' });
    const context = withSpanAttributes({ 'url.full': 'https://span.internal/' });
    expect(resolveDestination(context)?.hostname).toBe('pending.internal');
    expect(resolveDestination(context)?.hostname).toBe('span.internal');
  });
});

describe('span attribute fallback', () => {
  test('url.full of the client span names the destination', () => {
    expect(
      resolveDestination(withSpanAttributes({ 'url.full': 'https://orders.internal:8443/a?b' })),
    ).toEqual({
      protocol: 'https:',
      hostname: 'orders.internal',
      port: 8443,
      origin: 'https://orders.internal:8443',
    });
  });

  test('the older http.url is used when url.full is missing', () => {
    expect(resolveDestination(withSpanAttributes({ 'http.url': 'http://legacy.internal/x' }))?.origin).toBe(
      'http://legacy.internal:80',
    );
  });

  test('url.full is preferred over http.url', () => {
    const context = withSpanAttributes({
      'url.full': 'https://new.internal/',
      'http.url': 'http://old.internal/',
    });
    expect(resolveDestination(context)?.hostname).toBe('new.internal');
  });

  test.each([
    [42],
    [['https://orders.internal/']],
    [{ href: 'https://orders.internal/' }],
    [new URL('https://orders.internal/')],
  ])('a non-string url.full (%j, as SDK 3.x may hold) is ignored', (value) => {
    expect(resolveDestination(withSpanAttributes({ 'url.full': value }))).toBeUndefined();
    expect(
      resolveDestination(withSpanAttributes({ 'url.full': value, 'http.url': 'http://b.internal/' }))
        ?.hostname,
    ).toBe('b.internal');
  });

  test('a url.full that is not an absolute http(s) URL is undefined', () => {
    expect(resolveDestination(withSpanAttributes({ 'url.full': '/relative' }))).toBeUndefined();
    expect(resolveDestination(withSpanAttributes({ 'url.full': 'ftp://files.internal/' }))).toBeUndefined();
  });

  test.each([
    ['a context without a span', ROOT_CONTEXT],
    ['a span without attributes', trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext(INVALID_SPAN_CONTEXT))],
    ['attributes that are null', withSpanAttributes(null)],
    ['attributes that are a string', withSpanAttributes('https://orders.internal/')],
    ['attributes without URL keys', withSpanAttributes({ 'server.address': 'orders.internal' })],
  ])('%s gives an unknown (undefined) destination', (_label, context) => {
    expect(resolveDestination(context)).toBeUndefined();
  });

  test.each([
    ['SERVER', { kind: SpanKind.SERVER }],
    ['INTERNAL', { kind: SpanKind.INTERNAL }],
    ['PRODUCER', { kind: SpanKind.PRODUCER }],
    ['CONSUMER', { kind: SpanKind.CONSUMER }],
    ['missing', {}],
    ['the string "CLIENT"', { kind: 'CLIENT' }],
  ])('a span of kind %s names no destination: its URL is not where the request goes', (_label, shape) => {
    const urls = { 'url.full': 'https://orders.internal/', 'http.url': 'https://orders.internal/' };
    const context = withSpanAttributes(urls, shape);
    expect(resolveDestination(context)).toBeUndefined();
  });
});
