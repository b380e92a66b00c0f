import { ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, test, vi } from 'vitest';
import { ConfigurationError, JwtSpanProcessor } from '../../src/index.js';
import { authStateOf } from '../../src/propagator/request-auth.js';
import { spanRequest, spanTelemetry, spanToken, validRequest } from '../support/span-processor-fixtures.js';
import {
  childContext,
  extract,
  mint,
  recordingSpan,
  remoteContext,
  telemetry,
  upstreamHeaders,
} from '../support/telemetry-fixtures.js';

// The span processor on a recording span object, and its lifecycle. Real spans of a started NodeSDK are
// in jwt-span-processor-sdk.test.ts.

const jwt = spanTelemetry();
const valid = validRequest(jwt);
describe('the span processor on a recording span', () => {
  const processor = new JwtSpanProcessor();

  test('an entry span under a remote parent gets every entry attribute', () => {
    const span = recordingSpan();
    processor.onStart(span, valid);
    expect(span.attributes).toEqual(authStateOf(valid)?.entryAttributes);
    expect(span.attributes).toMatchObject({ 'jwt.result': 'valid', 'jwt.baggage.removed': ['user.roles'] });
  });

  test('an entry span of a request without traceparent gets every entry attribute', () => {
    const context = extract(jwt.propagator, { authorization: `Bearer ${spanToken()}` });
    const span = recordingSpan();
    processor.onStart(span, context);
    expect(span.attributes).toEqual(authStateOf(context)?.entryAttributes);
  });

  test('a child span under a local parent gets only jwt.result, user.hash and user.id by default', () => {
    const span = recordingSpan();
    processor.onStart(span, childContext(valid));
    expect(Object.keys(span.attributes).sort()).toEqual(['jwt.result', 'user.hash']);
    expect(span.events).toEqual([]);
  });

  test('childSpanAttributes chooses the subset copied onto child spans', () => {
    const span = recordingSpan();
    new JwtSpanProcessor({ childSpanAttributes: ['tenant.id', 'jwt.subject.verdict'] }).onStart(
      span,
      childContext(spanRequest(jwt, { authorization: `Bearer ${spanToken()}` })),
    );
    expect(span.attributes).toEqual({ 'tenant.id': 'acme', 'jwt.subject.verdict': 'no_upstream_proof' });
  });

  test('a changed subject adds the jwt.subject_changed event and jwt.subject.changed to the entry span only', () => {
    const sent = upstreamHeaders(jwt.propagator, mint());
    const changed = extract(jwt.propagator, { ...sent, authorization: `Bearer ${mint({ sub: 'bob' })}` });
    const entry = recordingSpan();
    const child = recordingSpan();
    processor.onStart(entry, changed);
    processor.onStart(child, childContext(changed));
    expect(entry.attributes['jwt.subject.changed']).toBe(true);
    expect(entry.events).toEqual([
      { name: 'jwt.subject_changed', attributes: { 'jwt.subject.verdict': 'changed' } },
    ]);
    expect(child.events).toEqual([]);
  });

  test.each([
    { name: 'the root context', context: ROOT_CONTEXT },
    {
      name: 'a remote parent and baggage the propagator never saw',
      context: remoteContext({ 'user.roles': 'x' }),
    },
  ])('nothing is written for $name, which has no auth state', ({ context }) => {
    const span = { setAttributes: vi.fn(), addEvent: vi.fn() };
    processor.onStart(span, context);
    expect(span.setAttributes).not.toHaveBeenCalled();
    expect(span.addEvent).not.toHaveBeenCalled();
  });

  test('a span whose methods throw does not make onStart throw', () => {
    const broken = {
      setAttributes: () => {
        throw new Error('span refuses attributes');
      },
      addEvent: () => {
        throw new Error('span refuses events');
      },
    };
    expect(() => processor.onStart(broken, valid)).not.toThrow();
    expect(() => processor.onStart(broken, childContext(valid))).not.toThrow();
    expect(() => processor.onStart(null as never, valid)).not.toThrow();
  });

  test('an unknown option or a childSpanAttributes that is not a list of names is a ConfigurationError', () => {
    expect(() => new JwtSpanProcessor({ childSpanAtributes: [] } as never)).toThrow(ConfigurationError);
    expect(() => new JwtSpanProcessor({ childSpanAttributes: 'user.hash' as never })).toThrow(
      ConfigurationError,
    );
    expect(() => new JwtSpanProcessor({ childSpanAttributes: [''] })).toThrow(ConfigurationError);
  });
});

describe('span processor lifecycle', () => {
  test('shutdown and forceFlush settle when called twice; shutdown stops the owned verifier once', async () => {
    const own = telemetry();
    const close = vi.spyOn(own.verifier, 'close');
    await expect(own.spanProcessor.forceFlush()).resolves.toBeUndefined();
    await expect(own.spanProcessor.forceFlush()).resolves.toBeUndefined();
    await expect(own.spanProcessor.shutdown()).resolves.toBeUndefined();
    await expect(own.spanProcessor.shutdown()).resolves.toBeUndefined();
    expect(close).toHaveBeenCalledTimes(1);
  });

  test('a standalone processor settles shutdown twice and never throws from onEnd', async () => {
    const processor = new JwtSpanProcessor();
    expect(() => processor.onEnd()).not.toThrow();
    await expect(Promise.all([processor.shutdown(), processor.shutdown()])).resolves.toEqual([
      undefined,
      undefined,
    ]);
  });
});
