import { ConfigurationError } from '../errors.js';
import { knownOptions, numberOption } from '../internal/config-checks.js';
import { type ClaimRule, resolveClaimRules, subjectClaimsOf } from './claim-rules.js';
import { compileDestinationRule, type DestinationMatcher } from './destination-rule.js';
import { isHttpToken } from './http-token.js';
import { type ForeignProofKeyNotice, foreignProofKeyNotice } from './proof-key-notice.js';
import type { JwtTelemetryConfig } from './telemetry-config.js';
import { type TelemetryKeys, telemetryKeys } from './telemetry-keys.js';
import type { ResolvedSource } from './token-source.js';

/** The checked, resolved form of a {@link JwtTelemetryConfig}. */
export interface TelemetrySettings {
  readonly sources: readonly ResolvedSource[];
  readonly claimRules: readonly ClaimRule[];
  readonly rawSubjectOnSpans: boolean;
  readonly rawSubjectInBaggage: boolean;
  readonly keys: TelemetryKeys;
  /** Says, rate-limited, that a proof made with a key this service does not hold was refused. */
  readonly foreignProofKey: ForeignProofKeyNotice;
  readonly trusted: DestinationMatcher;
  readonly forwardTo: DestinationMatcher | undefined;
  /** Keys treated as auth entries besides the `jwt.` and `user.` namespaces. */
  readonly protectedKeys: ReadonlySet<string>;
  readonly maxAuthBaggageBytes: number;
}

export const TELEMETRY_OPTIONS = [
  'verifier',
  'tokenSources',
  'claims',
  'subject',
  'hmacKey',
  'trustedDestinations',
  'forwardToken',
  'protectedBaggageKeys',
  'childSpanAttributes',
  'maxAuthBaggageBytes',
  'redaction',
  'admission',
  'metrics',
];
const RESERVED_HEADERS = new Set(['authorization', 'cookie', 'baggage', 'traceparent', 'tracestate']);

function resolveSources(value: unknown): ResolvedSource[] {
  if (value === undefined) return [{ kind: 'authorization' }];
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigurationError(
      'tokenSources must be a non-empty array, such as [{ type: "authorization" }]',
    );
  }
  const sources = value.map((source: unknown, index): ResolvedSource => {
    const path = `tokenSources[${index}]`;
    const { type, name } = (source ?? {}) as { type?: unknown; name?: unknown };
    if (type === 'authorization') {
      knownOptions(source, ['type'], path);
      return { kind: 'authorization' };
    }
    if (type === 'header' || type === 'cookie') {
      knownOptions(source, ['type', 'name'], path);
      // Header names are compared in lower case (as Node hands them over); cookie names as they are.
      const header = (text: string) => text === text.toLowerCase() && !RESERVED_HEADERS.has(text);
      if (typeof name !== 'string' || !isHttpToken(name) || (type === 'header' && !header(name))) {
        throw new ConfigurationError(
          type === 'header'
            ? `${path}.name must be a lower-case header name other than authorization, cookie, baggage, traceparent and tracestate (use { type: "authorization" } or { type: "cookie" } for those)`
            : `${path}.name must be a cookie name (RFC 6265 token characters)`,
        );
      }
      return { kind: type, name };
    }
    throw new ConfigurationError(`${path}.type must be "authorization", "header" or "cookie"`);
  });
  const names = sources.map((source) =>
    source.kind === 'authorization' ? source.kind : `${source.kind}:${source.name}`,
  );
  const repeated = names.findIndex((name, index) => names.indexOf(name) !== index);
  if (repeated >= 0)
    throw new ConfigurationError(`tokenSources[${repeated}] repeats a source listed before it`);
  return sources;
}

function keyList(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((key) => typeof key === 'string' && key.length > 0)) {
    throw new ConfigurationError(`${path} must be an array of non-empty strings`);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, path: string): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new ConfigurationError(`${path} must be one of ${allowed.map((v) => `"${v}"`).join(', ')}`);
  }
  return value as T;
}

/** Checks the configuration once, at start-up; every mistake throws a {@link ConfigurationError}. */
export function resolveTelemetrySettings(config: JwtTelemetryConfig): TelemetrySettings {
  knownOptions(config, TELEMETRY_OPTIONS, 'the telemetry configuration');
  const subject = config.subject ?? {};
  // null is a mistake, not "use the defaults".
  knownOptions(config.subject === undefined ? {} : config.subject, ['onSpans', 'inBaggage'], 'subject');
  const onSpans = oneOf(subject.onSpans, ['pseudonym', 'raw'], 'pseudonym', 'subject.onSpans');
  const inBaggage = oneOf(subject.inBaggage, ['never', 'raw'], 'never', 'subject.inBaggage');
  const maxAuthBaggageBytes = numberOption(config.maxAuthBaggageBytes, 1024, 'maxAuthBaggageBytes', {
    min: 256,
    max: 4096,
    integer: true,
  });
  const claimRules = resolveClaimRules(config.claims, subjectClaimsOf(config.verifier));
  const protectedKeys = new Set([
    ...claimRules.map((rule) => rule.key),
    ...keyList(config.protectedBaggageKeys, 'protectedBaggageKeys'),
  ]);
  let forwardTo: DestinationMatcher | undefined;
  if (config.forwardToken !== undefined) {
    knownOptions(config.forwardToken, ['to'], 'forwardToken');
    forwardTo = compileDestinationRule(config.forwardToken.to, 'forwardToken.to');
  }
  const keys = telemetryKeys(config.hmacKey);
  return {
    sources: resolveSources(config.tokenSources),
    claimRules,
    rawSubjectOnSpans: onSpans === 'raw',
    rawSubjectInBaggage: inBaggage === 'raw',
    keys,
    foreignProofKey: foreignProofKeyNotice(keys),
    trusted:
      config.trustedDestinations === undefined
        ? () => false
        : compileDestinationRule(config.trustedDestinations, 'trustedDestinations', true),
    forwardTo,
    protectedKeys,
    maxAuthBaggageBytes,
  };
}
