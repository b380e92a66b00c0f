import type { AttributeKeyMemo, RedactionRules } from './redaction-rules.js';
import { seenTokens } from './seen-tokens.js';
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

/** Keys judged per rule set: keys are few, but a client chooses those of a body an app logs. */
export const KEY_CACHE_CAPACITY = 4096;
/** Longest key kept in the cache, so the cache holds at most about a megabyte of keys. */
export const MAX_CACHED_KEY_CHARS = 256;
/** Longest value remembered as clean (a string's characters, or an array's items and characters). */
const MAX_REMEMBERED_CHARS = 1024;
const MAX_REMEMBERED_ITEMS = 64;

function isScalar(item: unknown): boolean {
  return item === null || (typeof item !== 'object' && typeof item !== 'function');
}

/** `value` as it can be remembered once found clean: a short string, a copy of a short scalar array. */
function memo(value: unknown): AttributeKeyMemo['last'] {
  if (typeof value === 'string') return value.length <= MAX_REMEMBERED_CHARS ? value : undefined;
  if (!Array.isArray(value) || value.length > MAX_REMEMBERED_ITEMS) return undefined;
  let chars = 0;
  for (const item of value) {
    if (!isScalar(item)) return undefined;
    if (typeof item === 'string') chars += item.length;
  }
  return chars <= MAX_REMEMBERED_CHARS ? value.slice() : undefined;
}

function sameAsLast(value: unknown, last: AttributeKeyMemo['last']): boolean {
  if (typeof last !== 'object') return value === last;
  if (!Array.isArray(value) || value.length !== last.length) return false;
  for (let index = 0; index < last.length; index++) if (value[index] !== last[index]) return false;
  return true;
}

/**
 * The state of `key`, or its redacted form when the key itself holds token material (never cached). A
 * key found clean is looked at again once a token is remembered since, as values are: it may hold a
 * piece of that token.
 */
function keyState(key: string, rules: RedactionRules): AttributeKeyMemo | string {
  const generation = seenTokens.generation;
  const known = rules.keyCache.get(key);
  if (known !== undefined) {
    if (known.credential || known.keyGeneration === generation) return known;
    const safe = redactText(key, rules);
    if (safe !== key) return safe;
    known.keyGeneration = generation;
    return known;
  }
  const credential = rules.isCredentialKey(key);
  if (!credential) {
    const safe = redactText(key, rules);
    if (safe !== key) return safe;
  }
  const state: AttributeKeyMemo = { credential, keyGeneration: generation, last: undefined, generation: -1 };
  // A client chooses the keys of a body an app logs: long ones are judged each time, never kept.
  if (key.length <= MAX_CACHED_KEY_CHARS) rules.keyCache.set(key, state);
  return state;
}

/** One member, redacted: its key (renamed when it holds token material) and its value. */
export interface RedactedEntry {
  key: string;
  value: unknown;
}

/**
 * Redacts one key and value into `into` (reused by callers, so nothing is allocated per value): a
 * credential key's value is replaced whole, any other value is scanned unless it is the value last
 * found clean under this key since the last token was remembered.
 */
export function redactEntry(
  key: string,
  value: unknown,
  rules: RedactionRules,
  tally: RedactionTally,
  into: RedactedEntry,
  depth = 0,
): void {
  const state = keyState(key, rules);
  into.key = key;
  if (typeof state === 'string') {
    into.key = state;
    tally.count++;
    into.value = redactValue(value, rules, tally, depth);
    return;
  }
  if (state.credential) {
    const out = credentialValue(value);
    if (out !== value) tally.count++;
    into.value = out;
    return;
  }
  const generation = seenTokens.generation;
  if (state.generation === generation && sameAsLast(value, state.last)) {
    into.value = value;
    return;
  }
  const before = tally.count;
  const out = redactValue(value, rules, tally, depth);
  // Only short strings and scalar arrays are kept: no key holds on to a large value or an object.
  if (tally.count === before) {
    const kept = memo(value);
    if (kept !== undefined) {
      state.last = kept;
      state.generation = generation;
    }
  }
  into.value = out;
}

/**
 * Writes a redacted copy (from {@link redactMembers}) back into the object it was made from, which the
 * SDK owns and an exporter reads later: keys the copy renamed are deleted, every other key is set.
 */
export function replaceMembers(
  own: Record<string, unknown>,
  replacement: Readonly<Record<string, unknown>>,
): void {
  for (const key of Object.keys(own)) if (!Object.hasOwn(replacement, key)) delete own[key];
  Object.assign(own, replacement);
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
  /** Per base name, the next number to try, so k renamed keys cost k tries, not k² (see below). */
  let numbering: Map<string, number> | undefined;
  const entry: RedactedEntry = { key: '', value: undefined };
  // Object.keys rather than for-in: SDK attribute objects are in dictionary mode, where for-in with an
  // own-property check took twice as long.
  const keys = Object.keys(members);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const value = members[key];
    redactEntry(key, value, rules, tally, entry, depth);
    if (entry.value === value && entry.key === key) continue;
    if (copy === undefined) copy = { ...members };
    if (entry.key !== key) {
      delete copy[key];
      // A client chooses the keys of a parsed body it logs: with every one holding token material, trying
      // `REDACTED_2`, `REDACTED_3`, ... from 2 each time would cost k² for k keys. Each number is tried once.
      let renamed = entry.key;
      if (Object.hasOwn(copy, renamed)) {
        numbering ??= new Map();
        let n = numbering.get(entry.key) ?? 2;
        do renamed = `${entry.key}_${n++}`;
        while (Object.hasOwn(copy, renamed));
        numbering.set(entry.key, n);
      }
      copy[renamed] = entry.value;
    } else {
      copy[key] = entry.value;
    }
  }
  return copy;
}
