import type { Attributes } from '@opentelemetry/api';
import { knownOptions } from '../internal/config-checks.js';
import { setPendingDestination } from '../propagator/destination.js';
import { markDuplicateAuthorization } from '../propagator/duplicate-authorization.js';
import { INSTRUMENTATION_QUERY_DEFAULTS, SENSITIVE_QUERY_PARAMETERS } from '../redaction/query-parameters.js';
import { type RedactionConfig, resolveRedaction } from '../redaction/redaction-config.js';
import { noteAdmissionBypass } from './admission-bypass.js';
import { HeaderCaptureFilter, type HeaderLists } from './header-capture.js';
import { authorizationValues, rememberSent, watchAuthorizationSetters } from './outgoing-credentials.js';

type SpanHook = (request: never) => Attributes;
type RequestHook = (span: never, request: never) => void;

/** `headersToSpanAttributes` of `instrumentation-http`. */
interface HeaderCapture {
  client?: HeaderLists;
  server?: HeaderLists;
}

/** The options otel-jwt sets on `@opentelemetry/instrumentation-http` (structurally typed: no runtime dependency). */
export interface JwtHttpInstrumentationConfig {
  /** Marks requests with repeated Authorization headers, which Node would otherwise reduce to the first. */
  startIncomingSpanHook(request: unknown): Attributes;
  /**
   * Tells the JWT propagator where the outgoing request goes and whether its options already set an
   * Authorization header, so inject can decide what it may carry, and remembers that header's credential
   * for redaction.
   */
  startOutgoingSpanHook(request: unknown): Attributes;
  /**
   * Outgoing requests: remembers for redaction an Authorization credential set on the request itself,
   * now (`auth` option) or later (`setHeader`, `setHeaders`, `appendHeader`). Incoming ones are left alone.
   */
  requestHook(span: unknown, request: unknown): void;
  /** Client spans: the instrumentation's defaults, otel-jwt's sensitive parameters and yours. */
  redactedQueryParams: string[];
  /** Server spans: the same list. */
  redactedQueryParamsServer: string[];
  /** Yours, without credential headers (Authorization, Cookie, Set-Cookie, API keys and the like). */
  headersToSpanAttributes?: HeaderCapture;
}

/** Options of {@link jwtHttpInstrumentationConfig}. */
export interface JwtHttpInstrumentationOptions {
  /** Additions to the built-in redaction rules: their query parameters and credential keys apply here too. */
  readonly redaction?: RedactionConfig;
}

const NO_ATTRIBUTES: Attributes = Object.freeze({});

function safeHeaderCapture(
  capture: HeaderCapture | undefined,
  filter: HeaderCaptureFilter,
): HeaderCapture | undefined {
  if (capture === undefined) return undefined;
  const safe: HeaderCapture = {};
  for (const side of ['client', 'server'] as const) {
    const lists = capture[side];
    if (lists !== undefined) safe[side] = filter.lists(lists);
  }
  filter.report();
  return safe;
}

/** The outgoing request's options: where it goes, and whether the application set Authorization (`auth` too). */
function recordOutgoingRequest(options: unknown): void {
  let values: string[] = [];
  let auth = false;
  try {
    const request = options as { headers?: unknown; auth?: unknown } | null;
    values = authorizationValues(request?.headers);
    auth = typeof request?.auth === 'string' && request.auth !== '';
  } catch {
    // Options that refuse to be read have no credential to remember.
  }
  setPendingDestination(options, values.length > 0 || auth);
  rememberSent(values);
}

/** A `ClientRequest` (an outgoing request): `requestHook` also gets the `IncomingMessage` of served ones. */
function isClientRequest(request: unknown): request is { getHeader(name: string): unknown } {
  return (
    request !== null &&
    typeof request === 'object' &&
    typeof (request as { getHeader?: unknown }).getHeader === 'function' &&
    typeof (request as { setHeader?: unknown }).setHeader === 'function'
  );
}

/**
 * The `HttpInstrumentation` configuration otel-jwt needs, merged into `base` (your own options). Hooks
 * of yours with the same names still run, after otel-jwt's, and their attributes are kept. Your
 * `redactedQueryParams` lists are extended, never replaced, and credential headers are removed from
 * your `headersToSpanAttributes`. Throws a `ConfigurationError` for a mistake in `options`.
 */
export function jwtHttpInstrumentationConfig<T extends object>(
  base?: T,
  options: JwtHttpInstrumentationOptions = {},
): Omit<T, keyof JwtHttpInstrumentationConfig> & JwtHttpInstrumentationConfig {
  knownOptions(options, ['redaction'], 'the HTTP instrumentation options');
  const rules = resolveRedaction(options.redaction, 'redaction');
  const theirs = (base ?? {}) as {
    startIncomingSpanHook?: SpanHook;
    startOutgoingSpanHook?: SpanHook;
    requestHook?: RequestHook;
    redactedQueryParams?: string[];
    redactedQueryParamsServer?: string[];
    headersToSpanAttributes?: HeaderCapture;
  };
  const parameters = (own: readonly string[] | undefined) => [
    ...new Set([
      ...INSTRUMENTATION_QUERY_DEFAULTS,
      ...SENSITIVE_QUERY_PARAMETERS,
      ...rules.extraParameters,
      ...(Array.isArray(own) ? own : []),
    ]),
  ];
  const headers = safeHeaderCapture(theirs.headersToSpanAttributes, new HeaderCaptureFilter(rules));
  return {
    ...(base as T),
    redactedQueryParams: parameters(theirs.redactedQueryParams),
    redactedQueryParamsServer: parameters(theirs.redactedQueryParamsServer),
    ...(headers === undefined ? {} : { headersToSpanAttributes: headers }),
    startIncomingSpanHook(request: unknown): Attributes {
      markDuplicateAuthorization(request);
      noteAdmissionBypass(request);
      return theirs.startIncomingSpanHook?.(request as never) ?? NO_ATTRIBUTES;
    },
    startOutgoingSpanHook(request: unknown): Attributes {
      recordOutgoingRequest(request);
      return theirs.startOutgoingSpanHook?.(request as never) ?? NO_ATTRIBUTES;
    },
    requestHook(span: unknown, request: unknown): void {
      try {
        if (isClientRequest(request)) {
          rememberSent([request.getHeader('authorization')].flat());
          watchAuthorizationSetters(request);
        }
      } catch {
        // A request object that refuses to be read has no credential to remember.
      }
      theirs.requestHook?.(span as never, request as never);
    },
  };
}
