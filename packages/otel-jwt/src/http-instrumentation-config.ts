import type { Attributes } from '@opentelemetry/api';
import { setPendingDestination } from './destination.js';
import { markDuplicateAuthorization } from './duplicate-authorization.js';

type SpanHook = (request: never) => Attributes;

/** The hooks otel-jwt needs from `@opentelemetry/instrumentation-http` (structurally typed: no runtime dependency). */
export interface JwtHttpInstrumentationConfig {
  /** Marks requests with repeated Authorization headers, which Node would otherwise reduce to the first. */
  startIncomingSpanHook(request: unknown): Attributes;
  /** Tells the JWT propagator where the outgoing request goes, so inject can decide what it may carry. */
  startOutgoingSpanHook(request: unknown): Attributes;
}

const NO_ATTRIBUTES: Attributes = Object.freeze({});

/**
 * The `HttpInstrumentation` configuration otel-jwt needs, merged into `base` (your own options); hooks
 * of yours with the same names still run, after otel-jwt's, and their attributes are kept.
 */
export function jwtHttpInstrumentationConfig<T extends object>(
  base?: T,
): Omit<T, keyof JwtHttpInstrumentationConfig> & JwtHttpInstrumentationConfig {
  const theirs = (base ?? {}) as { startIncomingSpanHook?: SpanHook; startOutgoingSpanHook?: SpanHook };
  return {
    ...(base as T),
    startIncomingSpanHook(request: unknown): Attributes {
      markDuplicateAuthorization(request);
      return theirs.startIncomingSpanHook?.(request as never) ?? NO_ATTRIBUTES;
    },
    startOutgoingSpanHook(request: unknown): Attributes {
      setPendingDestination(request);
      return theirs.startOutgoingSpanHook?.(request as never) ?? NO_ATTRIBUTES;
    },
  };
}
