import { ConfigurationError } from '../errors.js';
import { BoundedCache } from '../internal/bounded-cache.js';
import { knownOptions } from '../internal/config-checks.js';
import { credentialKeyMatcher } from './credential-keys.js';
import { parameterNames } from './query-parameters.js';
import type { RedactionRules } from './redaction-rules.js';
import { LABEL_CACHE_CAPACITY } from './text-redaction.js';
import { KEY_CACHE_CAPACITY } from './value-redaction.js';

/**
 * Additions to the built-in redaction rules. They extend the rules and never replace them: there is no
 * way to stop otel-jwt redacting token material.
 */
export interface RedactionConfig {
  /**
   * More keys whose values are credentials, compared like the built-in ones (by the part after the
   * last dot, case-insensitively, `_` as `-`), such as `x-tenant-secret`. Default: none.
   */
  readonly credentialKeys?: readonly string[];
  /** A predicate over the whole key, for keys a list cannot name; one that throws matches. Default: none. */
  readonly isCredentialKey?: (key: string) => boolean;
  /** More query parameters (and JSON members) whose values are replaced, such as `signature_v2`. Default: none. */
  readonly queryParameters?: readonly string[];
  /**
   * More patterns replaced wherever they match in a string, such as an opaque token format
   * (`/sk_live_[A-Za-z0-9]{24,}/`). A pattern must not match the empty string. Default: none.
   */
  readonly valuePatterns?: readonly RegExp[];
}

const OPTIONS = ['credentialKeys', 'isCredentialKey', 'queryParameters', 'valuePatterns'];
const NAME = /^[\x21-\x7e]{1,128}$/;

function names(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string' && NAME.test(name))) {
    throw new ConfigurationError(`${path} must be an array of names (1 to 128 visible ASCII characters)`);
  }
  return [...value];
}

function patterns(value: unknown, path: string): RegExp[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((pattern) => pattern instanceof RegExp)) {
    throw new ConfigurationError(`${path} must be an array of regular expressions`);
  }
  return value.map((pattern: RegExp, index) => {
    // Every match is replaced, so the copy is global; one matching "" would insert text everywhere.
    const global = new RegExp(
      pattern.source,
      pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
    );
    if (new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).test('')) {
      throw new ConfigurationError(
        `${path}[${index}] matches the empty string; make it match at least one character`,
      );
    }
    return global;
  });
}

/** Checks `config` (under `path`) and resolves it; throws a `ConfigurationError` naming the option to fix. */
export function resolveRedaction(config: unknown, path: string): RedactionRules {
  if (config !== undefined) knownOptions(config, OPTIONS, path);
  const given = (config ?? {}) as Record<string, unknown>;
  const predicate = given.isCredentialKey;
  if (predicate !== undefined && typeof predicate !== 'function') {
    throw new ConfigurationError(`${path}.isCredentialKey must be a function (key) => boolean`);
  }
  const extraCredentialKeys = names(given.credentialKeys, `${path}.credentialKeys`);
  const extraParameters = names(given.queryParameters, `${path}.queryParameters`);
  return {
    isCredentialKey: credentialKeyMatcher(
      extraCredentialKeys,
      predicate as ((key: string) => boolean) | undefined,
    ),
    parameterNames: parameterNames(extraParameters),
    extraParameters,
    valuePatterns: patterns(given.valuePatterns, `${path}.valuePatterns`),
    keyCache: new BoundedCache(KEY_CACHE_CAPACITY),
    labelCache: new BoundedCache(LABEL_CACHE_CAPACITY),
  };
}
