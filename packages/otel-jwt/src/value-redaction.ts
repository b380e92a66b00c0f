import type { RedactionRules } from './redaction-config.js';
import { REDACTED, redactText } from './text-redaction.js';

/** Deeper values are replaced whole: a structure that cannot be scanned is not exported. */
const MAX_DEPTH = 8;

/** Counts what one redaction pass replaced, for the `jwt.redaction_count` attribute. */
export interface RedactionTally {
  count: number;
}

/** A credential's value replaced whole: strings and scalars by `REDACTED`, arrays item by item. */
function credentialValue(value: unknown): unknown {
  if (value === undefined || value === null || value === REDACTED) return value;
  if (!Array.isArray(value)) return REDACTED;
  return value.every((item) => item === REDACTED) ? value : value.map(() => REDACTED);
}

function redactBytes(bytes: Uint8Array, rules: RedactionRules): Uint8Array {
  // Tokens are ASCII, so a latin1 view finds them at the same offsets without decoding errors.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const out = redactText(text, rules);
  return out === text ? bytes : new Uint8Array(Buffer.from(out, 'latin1'));
}

/**
 * `value` (an attribute value or a log `AnyValue`: strings, arrays, maps, bytes) with token material
 * replaced, and map members under credential keys replaced whole. The same reference when nothing
 * changed, so the common case allocates nothing.
 */
export function redactValue(
  value: unknown,
  rules: RedactionRules,
  tally: RedactionTally,
  depth = 0,
): unknown {
  if (typeof value === 'string') {
    const out = redactText(value, rules);
    if (out !== value) tally.count++;
    return out;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) {
    tally.count++;
    return REDACTED;
  }
  if (value instanceof Uint8Array) {
    const out = redactBytes(value, rules);
    if (out !== value) tally.count++;
    return out;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const out = redactValue(item, rules, tally, depth + 1);
      if (out === item) continue;
      copy ??= [...value];
      copy[index] = out;
    }
    return copy ?? value;
  }
  const redacted = redactMembers(value as Record<string, unknown>, rules, tally, depth + 1);
  return redacted ?? value;
}

/** Keys remembered per rule set; attribute keys are few, but hostile code could mint endless ones. */
const KEY_CACHE_LIMIT = 4096;

/**
 * Whether `key` is a credential key (true), a plain one (false), or holds token material itself (its
 * redacted form). Keys repeat on every span, so each is judged once: a key is scanned for token
 * material only the first time it is seen.
 */
function judgeKey(key: string, rules: RedactionRules): boolean | string {
  const known = rules.keyCache.get(key);
  if (known !== undefined) return known;
  if (rules.isCredentialKey(key)) return remember(rules, key, true);
  const safe = redactText(key, rules);
  return safe === key ? remember(rules, key, false) : safe;
}

function remember(rules: RedactionRules, key: string, credential: boolean): boolean {
  if (rules.keyCache.size >= KEY_CACHE_LIMIT) rules.keyCache.clear();
  rules.keyCache.set(key, credential);
  return credential;
}

/**
 * A copy of `members` (span or log attributes, a map value) with token material replaced, or
 * undefined when nothing needed replacing. Keys are checked too: a key holding token material is
 * replaced by `REDACTED` (numbered when that would collide).
 */
export function redactMembers(
  members: Readonly<Record<string, unknown>>,
  rules: RedactionRules,
  tally: RedactionTally,
  depth = 0,
): Record<string, unknown> | undefined {
  let copy: Record<string, unknown> | undefined;
  for (const key in members) {
    if (!Object.hasOwn(members, key)) continue;
    const value = members[key];
    const judged = judgeKey(key, rules);
    let out: unknown;
    if (judged === true) {
      out = credentialValue(value);
      if (out !== value) tally.count++;
    } else {
      out = redactValue(value, rules, tally, depth);
    }
    const safeKey = typeof judged === 'string' ? judged : key;
    if (out === value && safeKey === key) continue;
    if (copy === undefined) copy = { ...members };
    if (safeKey !== key) {
      tally.count++;
      delete copy[key];
      let renamed = safeKey;
      for (let n = 2; Object.hasOwn(copy, renamed); n++) renamed = `${safeKey}_${n}`;
      copy[renamed] = out;
    } else {
      copy[key] = out;
    }
  }
  return copy;
}
