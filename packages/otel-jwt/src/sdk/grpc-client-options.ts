import { context, propagation, type TextMapSetter } from '@opentelemetry/api';
import { diagnostics } from '../internal/diagnostics.js';
import { setPending } from '../propagator/destination.js';
import { destinationOfChannel } from '../propagator/grpc-destination.js';
import { rememberSent } from './outgoing-credentials.js';

/** The part of grpc-js's `Metadata` used here (structurally typed: no runtime dependency). */
interface MetadataLike {
  get(key: string): unknown[];
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** The part of grpc-js's `CallProperties` read here. */
interface CallPropertiesLike {
  readonly metadata?: unknown;
  readonly channel?: unknown;
  readonly callOptions?: { readonly credentials?: unknown };
}

type CallInvocationTransformer = <P>(callProperties: P) => P;

/** The options otel-jwt sets on a grpc-js client (the third argument of its constructor). */
export interface JwtGrpcClientOptions {
  /**
   * Tells the JWT propagator where the call goes (the channel's target) and injects again, so that auth
   * baggage, the subject proof and a forwarded token reach trusted targets only; remembers the call's
   * `authorization` credentials for redaction.
   */
  callInvocationTransformer: CallInvocationTransformer;
}

function isMetadata(value: unknown): value is MetadataLike {
  if (value === null || typeof value !== 'object') return false;
  const metadata = value as Partial<MetadataLike>;
  return (
    typeof metadata.get === 'function' &&
    typeof metadata.set === 'function' &&
    typeof metadata.remove === 'function'
  );
}

/**
 * `Metadata.set` replaces every value of a key, and no setter can remove one: this one removes `baggage`
 * when the propagators leave it empty, and never touches an `authorization` the call already carries
 * (its own token, or call credentials that will add one), so a forwarded token is the only value or none.
 */
function metadataSetter(keepAuthorization: boolean): TextMapSetter<MetadataLike> {
  return {
    set(metadata, key, value) {
      if (key === 'baggage' && value === '') metadata.remove(key);
      else if (key !== 'authorization' || !keepAuthorization) metadata.set(key, value);
    },
  };
}

/**
 * instrumentation-grpc injects before grpc-js runs this transformer, without knowing the target, so the
 * JWT propagator withheld everything auth-related there. Here the target is known: the pending destination
 * is set and the global propagators inject again into the same metadata, replacing what they wrote.
 */
function injectForChannel(properties: CallPropertiesLike): void {
  const metadata = properties.metadata;
  if (!isMetadata(metadata)) return;
  try {
    const own = metadata.get('authorization');
    rememberSent(own);
    // Cached per channel and shared by its calls: never marked as carrying an Authorization (false).
    setPending(destinationOfChannel(properties.channel), false);
    const keepAuthorization = own.length > 0 || properties.callOptions?.credentials !== undefined;
    // The JWT propagator rewrites (or, through the setter, removes) whatever the first inject left.
    propagation.inject(context.active(), metadata, metadataSetter(keepAuthorization));
  } catch {
    diagnostics.error('otel-jwt: unexpected failure in the gRPC client options; baggage was not sent');
    try {
      metadata.remove('baggage');
    } catch {
      // Nothing more can be done without throwing into the application.
    }
  }
}

/**
 * The grpc-js client options otel-jwt needs, merged into `base` (your own options): pass the result as
 * the third argument of a client constructor. A `callInvocationTransformer` of yours still runs, first,
 * and otel-jwt injects into the metadata it returns. Works with or without instrumentation-grpc, and
 * whatever the sampler decided. Never throws into the call.
 */
export function jwtGrpcClientOptions<T extends object>(
  base?: T,
): Omit<T, keyof JwtGrpcClientOptions> & JwtGrpcClientOptions {
  const theirs = (base as { callInvocationTransformer?: unknown } | undefined)?.callInvocationTransformer;
  const transform = typeof theirs === 'function' ? (theirs as CallInvocationTransformer) : undefined;
  return {
    ...(base as T),
    callInvocationTransformer<P>(callProperties: P): P {
      const properties = transform === undefined ? callProperties : transform(callProperties);
      if (properties !== null && typeof properties === 'object') {
        injectForChannel(properties as CallPropertiesLike);
      }
      return properties;
    },
  };
}
