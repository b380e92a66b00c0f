// The client options' transformer on its own, run as grpc-js runs it (real Metadata and channels, no
// call): merging with your options, what it injects, and that odd input never throws into the call.
// The behaviour across real hops is in grpc-client-options-chain and -trust.
import * as grpc from '@grpc/grpc-js';
import { type Context, context, DiagLogLevel, diag, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { jwtGrpcClientOptions } from '../../src/sdk/grpc-client-options.js';
import { extract, mint, TRACE_ID, telemetry } from '../support/telemetry-fixtures.js';

// Every destination that can be known is trusted with everything: what is withheld below is withheld
// because the destination is unknown or the call has its own credentials.
const jwt = telemetry({ trustedDestinations: () => true, forwardToken: { to: () => true } });
const channels: grpc.Channel[] = [];
function channel(target: string, credentials = grpc.credentials.createInsecure()): grpc.Channel {
  const made = new grpc.Channel(target, credentials, {});
  channels.push(made);
  return made;
}

// For its context manager and the global propagator; no instrumentation.
const sdk = new NodeSDK({
  textMapPropagator: jwt.propagator,
  instrumentations: [],
  resourceDetectors: [],
  metricReaders: [],
  logRecordProcessors: [],
});
beforeAll(() => sdk.start());
afterAll(async () => {
  for (const made of channels) made.close();
  await sdk.shutdown();
});
afterEach(() => diag.disable());

const token = mint({ tenant: 'acme' });
/** A request's context after the JWT telemetry's extract, inside a sampled span of a fixed trace. */
const request = (): Context =>
  trace.setSpanContext(extract(jwt.propagator, { authorization: `Bearer ${token}` }), {
    traceId: TRACE_ID,
    spanId: '00f067aa0ba902b7',
    traceFlags: 1,
  });

/** Runs the transformer of `options` in `parent` on call properties for `target`, as grpc-js would. */
function transform(
  options: { callInvocationTransformer<P>(properties: P): P },
  parent: Context,
  properties: Record<string, unknown>,
): Record<string, unknown> {
  return context.with(parent, () => options.callInvocationTransformer(properties));
}

describe('merged with your options', () => {
  test('without options of your own the result holds the transformer alone', () => {
    expect(Object.keys(jwtGrpcClientOptions())).toEqual(['callInvocationTransformer']);
  });

  test('gRPC client: other options are kept as given and the base object is not changed', () => {
    const theirs = <P>(properties: P): P => properties;
    const interceptors: grpc.Interceptor[] = [];
    const base = { 'grpc.max_receive_message_length': 1024, interceptors, callInvocationTransformer: theirs };
    const options = jwtGrpcClientOptions(base);
    expect(options['grpc.max_receive_message_length']).toBe(1024);
    expect(options.interceptors).toBe(interceptors);
    expect(options.callInvocationTransformer).not.toBe(theirs);
    expect(base.callInvocationTransformer).toBe(theirs);
  });

  test('the merged options are assignable to ClientOptions of grpc-js', () => {
    const options: grpc.ClientOptions = jwtGrpcClientOptions({ 'grpc.keepalive_time_ms': 10_000 });
    expect(typeof options.callInvocationTransformer).toBe('function');
  });

  test('your transformer runs first and otel-jwt injects into the metadata it returns', () => {
    const given = new grpc.Metadata();
    const replaced = new grpc.Metadata();
    const options = jwtGrpcClientOptions({
      callInvocationTransformer: <P>(properties: P): P => ({ ...properties, metadata: replaced }),
    });
    transform(options, request(), { metadata: given, channel: channel('127.0.0.1:50051') });
    expect(replaced.get('traceparent')).toHaveLength(1);
    expect(replaced.get('authorization')).toEqual([`Bearer ${token}`]);
    expect(given.getMap()).toEqual({});
  });
});

describe('what the transformer injects', () => {
  test('a known destination gets traceparent, the subject proof and the forwarded token', () => {
    const metadata = new grpc.Metadata();
    transform(jwtGrpcClientOptions(), request(), { metadata, channel: channel('127.0.0.1:50051') });
    expect(metadata.get('traceparent')).toEqual([`00-${TRACE_ID}-00f067aa0ba902b7-01`]);
    expect(String(metadata.get('baggage'))).toContain('jwt.subject_proof=');
    expect(metadata.get('authorization')).toEqual([`Bearer ${token}`]);
  });

  test('a unix socket has no destination, so it gets neither auth baggage nor the token', () => {
    const metadata = new grpc.Metadata();
    transform(jwtGrpcClientOptions(), request(), { metadata, channel: channel('unix:/tmp/orders.sock') });
    expect(metadata.get('traceparent')).toHaveLength(1);
    expect(metadata.get('baggage')).toEqual([]);
    expect(metadata.get('authorization')).toEqual([]);
  });

  test('a call with credentials of its own gets no forwarded token: they add the authorization', () => {
    const metadata = new grpc.Metadata();
    const credentials = grpc.credentials.createFromMetadataGenerator((_params, done) => done(null));
    transform(jwtGrpcClientOptions(), request(), {
      metadata,
      channel: channel('127.0.0.1:50051'),
      callOptions: { credentials },
    });
    expect(metadata.get('authorization')).toEqual([]);
    expect(String(metadata.get('baggage'))).toContain('jwt.subject_proof=');
  });
});

describe('odd input', () => {
  test('call properties without metadata or a channel pass through unchanged, without a throw', () => {
    const options = jwtGrpcClientOptions();
    const odd: unknown[] = [
      undefined,
      null,
      42,
      {},
      { metadata: {} },
      { metadata: new grpc.Metadata(), channel: 7 },
    ];
    for (const properties of odd) {
      expect(context.with(request(), () => options.callInvocationTransformer(properties))).toBe(properties);
    }
  });

  test('metadata that throws when read loses its baggage, and the call goes on with a constant diagnostic', () => {
    const logger = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() };
    diag.setLogger(logger, DiagLogLevel.ERROR);
    const metadata = new grpc.Metadata();
    metadata.set('baggage', 'tenant.id=acme');
    const hostile = Object.assign(metadata, {
      get: () => {
        throw new Error(`refused ${token}`);
      },
    });
    const properties = { metadata: hostile, channel: channel('127.0.0.1:50051') };
    expect(transform(jwtGrpcClientOptions(), ROOT_CONTEXT, properties)).toBe(properties);
    expect(metadata.getMap()).toEqual({});
    expect(logger.error).toHaveBeenCalledWith(
      'otel-jwt: unexpected failure in the gRPC client options; baggage was not sent',
    );
  });
});
