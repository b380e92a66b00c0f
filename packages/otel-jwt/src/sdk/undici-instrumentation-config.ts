import type { Attributes } from '@opentelemetry/api';
import { knownOptions } from '../internal/config-checks.js';
import { setPendingOrigin } from '../propagator/destination.js';
import { type RedactionConfig, resolveRedaction } from '../redaction/redaction-config.js';
import { HeaderCaptureFilter, type HeaderLists } from './header-capture.js';
import { authorizationValues, rememberSent } from './outgoing-credentials.js';

type SpanHook = (request: never) => Attributes;
type RequestHook = (span: never, request: never) => void;

/**
 * The options otel-jwt sets on `@opentelemetry/instrumentation-undici`, which instruments `fetch` and
 * undici (structurally typed: no runtime dependency).
 */
export interface JwtUndiciInstrumentationConfig {
  /** Remembers the request's Authorization credential for redaction, before its span starts. */
  startSpanHook(request: unknown): Attributes;
  /**
   * Tells the JWT propagator where the request goes and whether the application already set an
   * Authorization header on it (so `forwardToken` adds none), just before inject, whether or not the
   * span is sampled.
   */
  requestHook(span: unknown, request: unknown): void;
  /** Yours, without credential headers (Authorization, Cookie, Set-Cookie, API keys and the like). */
  headersToSpanAttributes?: HeaderLists;
}

/** Options of {@link jwtUndiciInstrumentationConfig}. */
export interface JwtUndiciInstrumentationOptions {
  /** Additions to the built-in redaction rules: their credential keys apply here too. */
  readonly redaction?: RedactionConfig;
}

const NO_ATTRIBUTES: Attributes = Object.freeze({});

/** The request's Authorization values; none when the request cannot be read. */
function requestAuthorization(request: unknown): string[] {
  try {
    return authorizationValues((request as { headers?: unknown } | null)?.headers);
  } catch {
    return [];
  }
}

/**
 * The `UndiciInstrumentation` configuration otel-jwt needs, merged into `base` (your own options). Hooks
 * of yours with the same names still run, after otel-jwt's, and their attributes are kept; credential
 * headers are removed from your `headersToSpanAttributes`. Throws a `ConfigurationError` for a mistake
 * in `options`.
 */
export function jwtUndiciInstrumentationConfig<T extends object>(
  base?: T,
  options: JwtUndiciInstrumentationOptions = {},
): Omit<T, keyof JwtUndiciInstrumentationConfig> & JwtUndiciInstrumentationConfig {
  knownOptions(options, ['redaction'], 'the undici instrumentation options');
  const rules = resolveRedaction(options.redaction, 'redaction');
  const theirs = (base ?? {}) as {
    startSpanHook?: SpanHook;
    requestHook?: RequestHook;
    headersToSpanAttributes?: HeaderLists;
  };
  let headers: HeaderLists | undefined;
  if (theirs.headersToSpanAttributes !== undefined) {
    const filter = new HeaderCaptureFilter(rules);
    headers = filter.lists(theirs.headersToSpanAttributes);
    filter.report();
  }
  return {
    ...(base as T),
    ...(headers === undefined ? {} : { headersToSpanAttributes: headers }),
    startSpanHook(request: unknown): Attributes {
      rememberSent(requestAuthorization(request));
      return theirs.startSpanHook?.(request as never) ?? NO_ATTRIBUTES;
    },
    requestHook(span: unknown, request: unknown): void {
      let origin: unknown;
      try {
        origin = (request as { origin?: unknown } | null)?.origin;
      } catch {
        // No origin: the destination stays unknown, which is never trusted.
      }
      // Left in the last hook before inject rather than in startSpanHook, so that the span's start
      // (sampler, processors) does not run in between.
      setPendingOrigin(origin, requestAuthorization(request).length > 0);
      theirs.requestHook?.(span as never, request as never);
    },
  };
}
