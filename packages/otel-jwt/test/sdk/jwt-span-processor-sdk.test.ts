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
import { spanTelemetry, spanToken, validRequest } from '../support/span-processor-fixtures.js';
import {
  childContext,
  mint,
  parseBaggage,
  TRACEPARENT,
  TRUSTED_URL,
  upstreamHeaders,
} from '../support/telemetry-fixtures.js';

// `@opentelemetry/sdk-trace` is not resolvable from this package (only through sdk-node), so the
// processor is tested here on real spans of a started NodeSDK 0.301 (SDK 3.x), collected by a processor
// of our own that keeps the ended spans. The recording-span tests are in jwt-span-processor.test.ts.

type SdkProcessor = NonNullable<
  NonNullable<ConstructorParameters<typeof NodeSDK>[0]>['spanProcessors']
>[number];
type EndedSpan = Parameters<SdkProcessor['onEnd']>[0];

const jwt = spanTelemetry();
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

const valid = validRequest(jwt);

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
        authorization: `Bearer ${spanToken()}`,
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
      propagation.extract(ROOT_CONTEXT, { traceparent: TRACEPARENT, authorization: `Bearer ${spanToken()}` }),
    );
    expect(Object.keys(child.attributes).sort()).toEqual(['jwt.result', 'user.hash']);
  });

  test('inject from an SDK client span reads its url.full to decide on the proof', () => {
    const parent = propagation.extract(ROOT_CONTEXT, {
      traceparent: TRACEPARENT,
      authorization: `Bearer ${spanToken()}`,
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
