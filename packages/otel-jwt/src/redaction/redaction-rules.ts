import type { BoundedCache } from '../internal/bounded-cache.js';
import type { ParameterNames } from './query-parameters.js';

/** The resolved rules every redacting component applies. */
export interface RedactionRules {
  readonly isCredentialKey: (key: string) => boolean;
  /** Sensitive query parameter and JSON member names, matched case-insensitively. */
  readonly parameterNames: ParameterNames;
  readonly extraParameters: readonly string[];
  readonly valuePatterns: readonly RegExp[];
  /** Keys already judged (value-redaction.ts); a key holding token material is never stored. */
  readonly keyCache: BoundedCache<string, AttributeKeyMemo>;
  /** Names found clean, with the seen-token generation of that check (text-redaction.ts). */
  readonly labelCache: BoundedCache<string, number>;
}

/**
 * What is known about one key: whether it names a credential (and when its text was last found clean),
 * and the last value found clean under it (with the seen-token generation of that check). Most keys carry the same value span after span (a
 * method, a host name, a route, a user agent), which then costs one lookup and one comparison. An
 * array is remembered as a private copy of its items, since the caller may change it afterwards.
 */
export interface AttributeKeyMemo {
  readonly credential: boolean;
  /** The seen-token generation at which the key's own text was last found clean. */
  keyGeneration: number;
  last: string | readonly unknown[] | undefined;
  generation: number;
}
