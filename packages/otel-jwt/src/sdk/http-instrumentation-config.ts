import type { Attributes } from '@opentelemetry/api';
import { knownOptions } from '../internal/config-checks.js';
import { diagnostics } from '../internal/diagnostics.js';
import { setPendingDestination } from '../propagator/destination.js';
import { markDuplicateAuthorization } from '../propagator/duplicate-authorization.js';
import { INSTRUMENTATION_QUERY_DEFAULTS, SENSITIVE_QUERY_PARAMETERS } from '../redaction/query-parameters.js';
import { type RedactionConfig, resolveRedaction } from '../redaction/redaction-config.js';
import type { RedactionRules } from '../redaction/redaction-rules.js';
import { seenTokens } from '../redaction/seen-tokens.js';

type SpanHook = (request: never) => Attributes;

/** `headersToSpanAttributes` of `instrumentation-http`. */
interface HeaderLists {
  requestHeaders?: string[];
  responseHeaders?: string[];
}
interface HeaderCapture {
  client?: HeaderLists;
  server?: HeaderLists;
}

/** The options otel-jwt sets on `@opentelemetry/instrumentation-http` (structurally typed: no runtime dependency). */
export interface JwtHttpInstrumentationConfig {
  /** Marks requests with repeated Authorization headers, which Node would otherwise reduce to the first. */
  startIncomingSpanHook(request: unknown): Attributes;
  /**
   * Tells the JWT propagator where the outgoing request goes, so inject can decide what it may carry,
   * and remembers the request's bearer token for redaction.
   */
  startOutgoingSpanHook(request: unknown): Attributes;
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

function withoutCredentials(list: unknown, rules: RedactionRules, dropped: Set<string>): string[] {
  if (!Array.isArray(list)) return [];
  return list.filter((header): header is string => {
    if (typeof header !== 'string') return false;
    const credential = rules.isCredentialKey(header);
    if (credential) dropped.add(header.toLowerCase());
    return !credential;
  });
}

function safeHeaderCapture(
  capture: HeaderCapture | undefined,
  rules: RedactionRules,
): HeaderCapture | undefined {
  if (capture === undefined) return undefined;
  const dropped = new Set<string>();
  const safe: HeaderCapture = {};
  for (const side of ['client', 'server'] as const) {
    const lists = capture[side];
    if (lists === undefined) continue;
    safe[side] = {
      requestHeaders: withoutCredentials(lists.requestHeaders, rules, dropped),
      responseHeaders: withoutCredentials(lists.responseHeaders, rules, dropped),
    };
  }
  if (dropped.size > 0) {
    // Header names, not values: safe to log, and the deployer should know the option is ignored.
    diagnostics.warn(
      `otel-jwt: headersToSpanAttributes lists credential headers (${[...dropped].join(', ')}); they are never recorded`,
    );
  }
  return safe;
}

/**
 * Remembers the outgoing request's Authorization credential (from its request options), so that an
 * application's own token, such as a client-credentials one, is redacted like an inbound one.
 */
function rememberOutgoingToken(options: unknown): void {
  const headers = (options as { headers?: unknown } | null)?.headers;
  if (headers === null || typeof headers !== 'object') return;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'authorization') continue;
    for (const credential of Array.isArray(value) ? value : [value]) {
      if (typeof credential !== 'string') continue;
      const space = credential.indexOf(' ');
      // Sent: a gateway may forward whatever its clients sent (one it verified is vouched already).
      seenTokens.remember(space < 0 ? credential : credential.slice(space + 1).trim(), 'sent');
    }
  }
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
  const headers = safeHeaderCapture(theirs.headersToSpanAttributes, rules);
  return {
    ...(base as T),
    redactedQueryParams: parameters(theirs.redactedQueryParams),
    redactedQueryParamsServer: parameters(theirs.redactedQueryParamsServer),
    ...(headers === undefined ? {} : { headersToSpanAttributes: headers }),
    startIncomingSpanHook(request: unknown): Attributes {
      markDuplicateAuthorization(request);
      return theirs.startIncomingSpanHook?.(request as never) ?? NO_ATTRIBUTES;
    },
    startOutgoingSpanHook(request: unknown): Attributes {
      setPendingDestination(request);
      try {
        rememberOutgoingToken(request);
      } catch {
        // A request object that refuses to be read has no token to remember.
      }
      return theirs.startOutgoingSpanHook?.(request as never) ?? NO_ATTRIBUTES;
    },
  };
}
