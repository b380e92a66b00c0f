import { knownOptions } from '../internal/config-checks.js';
import { diagnostics } from '../internal/diagnostics.js';
import { type RedactionConfig, resolveRedaction } from '../redaction/redaction-config.js';
import type { RedactionRules } from '../redaction/redaction-rules.js';

/** Metadata keys recorded on one side of a call (`metadataToSpanAttributes` of `instrumentation-grpc`). */
interface MetadataLists {
  requestMetadata?: string[];
  responseMetadata?: string[];
}

/** The options otel-jwt sets on `@opentelemetry/instrumentation-grpc` (structurally typed: no runtime dependency). */
export interface JwtGrpcInstrumentationConfig {
  /** Yours, without credential metadata (`authorization`, `cookie`, API keys and the like). */
  metadataToSpanAttributes?: { client?: MetadataLists; server?: MetadataLists };
}

/** Options of {@link jwtGrpcInstrumentationConfig}. */
export interface JwtGrpcInstrumentationOptions {
  /** Additions to the built-in redaction rules: their credential keys are left out here too. */
  readonly redaction?: RedactionConfig;
}

function withoutCredentials(list: unknown, rules: RedactionRules, dropped: Set<string>): string[] {
  if (!Array.isArray(list)) return [];
  return list.filter((key): key is string => {
    if (typeof key !== 'string') return false;
    const credential = rules.isCredentialKey(key);
    if (credential) dropped.add(key.toLowerCase());
    return !credential;
  });
}

/**
 * The `GrpcInstrumentation` configuration otel-jwt needs, merged into `base` (your own options): credential
 * keys are removed from your `metadataToSpanAttributes`, with a warning naming them, and every other
 * option is kept as given. Throws a `ConfigurationError` for a mistake in `options`.
 */
export function jwtGrpcInstrumentationConfig<T extends object>(
  base?: T,
  options: JwtGrpcInstrumentationOptions = {},
): Omit<T, keyof JwtGrpcInstrumentationConfig> & JwtGrpcInstrumentationConfig {
  knownOptions(options, ['redaction'], 'the gRPC instrumentation options');
  const rules = resolveRedaction(options.redaction, 'redaction');
  const capture = (base as JwtGrpcInstrumentationConfig | undefined)?.metadataToSpanAttributes;
  if (capture === undefined) return { ...(base as T) };
  const dropped = new Set<string>();
  const safe: NonNullable<JwtGrpcInstrumentationConfig['metadataToSpanAttributes']> = {};
  for (const side of ['client', 'server'] as const) {
    const lists = capture[side];
    if (lists === undefined) continue;
    safe[side] = {
      requestMetadata: withoutCredentials(lists.requestMetadata, rules, dropped),
      responseMetadata: withoutCredentials(lists.responseMetadata, rules, dropped),
    };
  }
  if (dropped.size > 0) {
    // Key names, not values: safe to log, and the deployer should know the option is ignored.
    diagnostics.warn(
      `otel-jwt: metadataToSpanAttributes lists credential metadata (${[...dropped].join(', ')}); it is never recorded`,
    );
  }
  return { ...(base as T), metadataToSpanAttributes: safe };
}
