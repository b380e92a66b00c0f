// The inject of each client for bench/telemetry.bench.ts: what otel-jwt adds per outgoing request with
// node:http (the outgoing span hook, then the JWT inject), fetch (instrumentation-undici's two hooks, then
// the JWT inject) and gRPC (the client options' transformer: the destination from the channel, then the
// global propagators' inject once more into the call's metadata). Real grpc-js objects: a client that
// never connects, its channel and Metadata.
import { createRequire } from 'node:module';
import {
  type Context,
  type ContextManager,
  context,
  propagation,
  ROOT_CONTEXT,
  type TextMapSetter,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import type { JwtTelemetry } from '../src/index.ts';
import { OUTGOING_OPTIONS } from './telemetry-fixtures.ts';

type Grpc = typeof import('@grpc/grpc-js');
const grpc = createRequire(import.meta.url)('@grpc/grpc-js') as Grpc;

/** `context.with` for a synchronous benchmark, without async hooks: a plain stack. */
class StackContextManager implements ContextManager {
  private current: Context = ROOT_CONTEXT;
  active(): Context {
    return this.current;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const before = this.current;
    this.current = ctx;
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.current = before;
    }
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    return this;
  }
}

/** The context the client span of an outgoing call runs in: the trace of `ctx`, a local span. */
export function clientContext(ctx: Context): Context {
  const traceId = trace.getSpanContext(ctx)?.traceId;
  if (traceId === undefined) throw new Error('bench setup: no trace id in the extracted context');
  return trace.setSpanContext(ctx, {
    traceId,
    spanId: '5e5a1d0c0ffee001',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: false,
  });
}

export interface ClientInjects {
  http(ctx: Context): Record<string, string>;
  fetch(ctx: Context): Record<string, string>;
  grpc(ctx: Context): Map<string, string[]>;
}

/** One inject per call; each returns what was sent, so the caller can check the proof went out. */
export function clientInjects(
  jwt: Pick<
    JwtTelemetry,
    'jwtPropagator' | 'propagator' | 'httpInstrumentationConfig' | 'undiciInstrumentationConfig'
  >,
  grpcClientOptions: () => { callInvocationTransformer<P>(properties: P): P },
  setter: TextMapSetter,
): ClientInjects {
  context.setGlobalContextManager(new StackContextManager());
  propagation.setGlobalPropagator(jwt.propagator);
  const { startOutgoingSpanHook } = jwt.httpInstrumentationConfig;
  const { startSpanHook, requestHook } = jwt.undiciInstrumentationConfig;
  const origin = `${OUTGOING_OPTIONS.protocol}//${OUTGOING_OPTIONS.hostname}:${OUTGOING_OPTIONS.port}`;
  const client = new grpc.Client(
    `${OUTGOING_OPTIONS.hostname}:${OUTGOING_OPTIONS.port}`,
    grpc.credentials.createInsecure(),
    grpcClientOptions(),
  );
  const { callInvocationTransformer } = grpcClientOptions();
  const channel = client.getChannel();
  return {
    http(ctx) {
      const carrier: Record<string, string> = {};
      startOutgoingSpanHook(OUTGOING_OPTIONS);
      jwt.jwtPropagator.inject(ctx, carrier, setter);
      return carrier;
    },
    fetch(ctx) {
      // As undici 6+ builds it: origin, path and a flat array of header names and values.
      const request = { origin, path: OUTGOING_OPTIONS.path, method: 'GET', headers: ['accept', '*/*'] };
      const carrier: Record<string, string> = {};
      startSpanHook(request);
      requestHook(undefined, request);
      jwt.jwtPropagator.inject(ctx, carrier, setter);
      return carrier;
    },
    grpc(ctx) {
      const metadata = new grpc.Metadata();
      context.with(ctx, () => callInvocationTransformer({ metadata, channel, callOptions: {} }));
      return new Map(Object.entries(metadata.getMap()).map(([key, value]) => [key, [String(value)]]));
    },
  };
}
