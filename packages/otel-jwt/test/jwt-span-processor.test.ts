import {
  type Context,
  DiagLogLevel,
  diag,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ConfigurationError, JwtSpanProcessor } from '../src/index.js';
import { authStateOf } from '../src/request-auth.js';
import {
  childContext,
  extract,
  mint,
  parseBaggage,
  recordingSpan,
  remoteContext,
  TRACEPARENT,
  TRUSTED_ORIGIN,
  TRUSTED_URL,
  telemetry,
  upstreamHeaders,
} from './support/telemetry-fixtures.js';

// `@opentelemetry/sdk-trace` is not resolvable from this package (only through sdk-node), so the
// processor is tested on a recording span object and on real spans of a started NodeSDK 0.301 (SDK 3.x),
// collected by a processor of our own that keeps the ended spans.

type SdkProcessor = NonNullable<
  NonNullable<ConstructorParameters<typeof NodeSDK>[0]>['spanProcessors']
>[number];
type EndedSpan = Parameters<SdkProcessor['onEnd']>[0];

const jwt = telemetry({
  claims: { roles: 'user.roles', tenant: 'tenant.id', level: 'user.level' },
  trustedDestinations: [TRUSTED_ORIGIN],
});
const ended: EndedSpan[] = [];
const keeper: SdkProcessor = {
  onStart: () => {},
  onEnd: (span) => void ended.push(span),
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
const sdk = new NodeSDK({
  textMapPropagator: jwt.propagator,
  spanProcessors: [jwt.spanProcessor, keeper],
  instrumentations: [],
  resourceDetectors: [],
  metricReaders: [],
  logRecordProcessors: [],
});
beforeAll(() => sdk.start());
afterAll(() => sdk.shutdown());

const token = () => mint({ roles: ['admin', 'reader'], tenant: 'acme', level: 3 });
const request = (headers: Record<string, string>) =>
  extract(jwt.propagator, { traceparent: TRACEPARENT, ...headers });
const valid = request({ authorization: `Bearer ${token()}`, baggage: 'user.roles=forged' });
describe('the span processor on a recording span', () => {
  const processor = new JwtSpanProcessor();

  test('an entry span under a remote parent gets every entry attribute', () => {
    const span = recordingSpan();
    processor.onStart(span, valid);
    expect(span.attributes).toEqual(authStateOf(valid)?.entryAttributes);
    expect(span.attributes).toMatchObject({ 'jwt.result': 'valid', 'jwt.baggage.removed': ['user.roles'] });
  });

  test('an entry span of a request without traceparent gets every entry attribute', () => {
    const context = extract(jwt.propagator, { authorization: `Bearer ${token()}` });
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
      childContext(request({ authorization: `Bearer ${token()}` })),
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

describe('the span processor in a started NodeSDK (SDK 3.x spans)', () => {
  const tracer = () => trace.getTracer('jwt-span-processor-test');

  function serve(parent: Context): { server: EndedSpan; child: EndedSpan } {
    ended.length = 0;
    const server = tracer().startSpan('GET /orders', { kind: SpanKind.SERVER }, parent);
    tracer().startSpan('SELECT orders', {}, trace.setSpan(parent, server)).end();
    server.end();
    const [child, done] = ended;
    return { server: done as EndedSpan, child: child as EndedSpan };
  }

  test('the server span carries the entry attributes with the types SDK 3.x keeps', () => {
    const { server } = serve(
      propagation.extract(ROOT_CONTEXT, {
        traceparent: TRACEPARENT,
        authorization: `Bearer ${token()}`,
        baggage: 'user.id=root',
      }),
    );
    const attributes = server.attributes;
    expect(attributes['jwt.result']).toBe('valid');
    expect(attributes['user.roles']).toEqual(['admin', 'reader']);
    expect(attributes['user.level']).toBe(3);
    expect(attributes['jwt.baggage.removed']).toEqual(['user.id']);
    expect(attributes['jwt.scopes']).toBeUndefined();
    expect(typeof attributes['user.hash']).toBe('string');
  });

  test('a changed subject is a boolean attribute and an event on the exported server span', () => {
    const sent = upstreamHeaders(jwt.propagator, mint());
    const { server, child } = serve(
      propagation.extract(ROOT_CONTEXT, { ...sent, authorization: `Bearer ${mint({ sub: 'bob' })}` }),
    );
    expect(server.attributes['jwt.subject.changed']).toBe(true);
    expect(server.events.map((event) => [event.name, event.attributes])).toEqual([
      ['jwt.subject_changed', { 'jwt.subject.verdict': 'changed' }],
    ]);
    expect(child.events).toEqual([]);
  });

  test('the child span of the server span carries the default subset', () => {
    const { child } = serve(
      propagation.extract(ROOT_CONTEXT, { traceparent: TRACEPARENT, authorization: `Bearer ${token()}` }),
    );
    expect(Object.keys(child.attributes).sort()).toEqual(['jwt.result', 'user.hash']);
  });

  test('inject from an SDK client span reads its url.full to decide on the proof', () => {
    const parent = propagation.extract(ROOT_CONTEXT, {
      traceparent: TRACEPARENT,
      authorization: `Bearer ${token()}`,
    });
    const call = (url: string) => {
      const client = tracer().startSpan(
        'POST',
        { kind: SpanKind.CLIENT, attributes: { 'url.full': url } },
        parent,
      );
      const headers: Record<string, string> = {};
      propagation.inject(trace.setSpan(parent, client), headers);
      client.end();
      return parseBaggage(headers.baggage);
    };
    expect(call(TRUSTED_URL)).toHaveProperty('jwt.subject_proof');
    expect(call('https://partner.example/')).toEqual({});
  });

  test('nothing reaches the diag logger over 1000 spans of every kind', () => {
    const logged = vi.fn();
    diag.setLogger(
      { error: logged, warn: logged, info: logged, debug: logged, verbose: logged },
      DiagLogLevel.ALL,
    );
    logged.mockClear(); // the API's own "Registered a global for diag" message
    try {
      const changed = propagation.extract(ROOT_CONTEXT, {
        ...upstreamHeaders(jwt.propagator, mint()),
        authorization: `Bearer ${mint({ sub: 'bob' })}`,
      });
      const broken = {
        setAttributes: () => {
          throw new Error('no');
        },
        addEvent: () => {
          throw new Error('no');
        },
      };
      for (let index = 0; index < 250; index++) {
        serve(valid);
        serve(changed);
        jwt.spanProcessor.onStart(broken, valid);
        jwt.spanProcessor.onStart(broken, childContext(changed));
      }
      expect(logged).not.toHaveBeenCalled();
    } finally {
      diag.disable();
    }
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
