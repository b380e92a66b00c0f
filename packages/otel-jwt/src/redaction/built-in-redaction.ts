import { BoundedCache } from '../internal/bounded-cache.js';
import { credentialKeyMatcher } from './credential-keys.js';
import { parameterNames } from './query-parameters.js';
import type { RedactionRules } from './redaction-rules.js';
import { LABEL_CACHE_CAPACITY, redactText } from './text-redaction.js';
import { KEY_CACHE_CAPACITY } from './value-redaction.js';

/** The built-in rules alone, for text otel-jwt writes itself (error messages, diagnostics). */
export const BUILT_IN_REDACTION: RedactionRules = {
  isCredentialKey: credentialKeyMatcher([], undefined),
  parameterNames: parameterNames([]),
  extraParameters: [],
  valuePatterns: [],
  keyCache: new BoundedCache(KEY_CACHE_CAPACITY),
  labelCache: new BoundedCache(LABEL_CACHE_CAPACITY),
};

/**
 * `message` without token material. otel-jwt's own messages are constant or name options, so this
 * only ever changes one by mistake; it is the last guard before the text reaches a span or a log.
 */
export function scrubMessage(message: string): string {
  return redactText(message, BUILT_IN_REDACTION);
}
