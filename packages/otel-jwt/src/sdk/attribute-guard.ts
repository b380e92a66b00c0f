import type { Attributes } from '@opentelemetry/api';
import type { RedactionRules } from '../redaction/redaction-rules.js';
import { REDACTED } from '../redaction/text-redaction.js';
import {
  type RedactedEntry,
  type RedactionTally,
  redactEntry,
  redactMembers,
  replaceMembers,
} from '../redaction/value-redaction.js';

/**
 * Redaction of span attributes as they are set, rather than when the span ends. An SDK span keeps its
 * attributes in an object V8 stores as a dictionary; reading 20 of them back in `onEnding` cost about a
 * third of the span's whole life, while a value in hand costs only its check. So `onStart` checks the
 * attributes the span started with and marks the span with its rules, and a guard in front of
 * `setAttribute` (which `setAttributes` calls too) redacts every later value of a marked span before
 * the SDK stores it, and before span limits could truncate it into an unrecognisable piece.
 *
 * The guard is installed once on the prototype that defines `setAttribute` (the SDK's span class), so
 * a span pays one property for its mark; spans of providers without otel-jwt carry no mark and pass
 * straight through. A span with its own `setAttribute` gets the guard on itself.
 */
const RULES = Symbol('otel-jwt.guard-rules');
const COUNT = Symbol('otel-jwt.guard-count');
const ORIGINAL = Symbol('otel-jwt.original-set-attribute');

type SetAttribute = (this: GuardedSpan, key: string, value: unknown) => unknown;

interface GuardedSpan {
  readonly attributes: Attributes;
  setAttribute: SetAttribute & { [ORIGINAL]?: SetAttribute };
  [RULES]?: RedactionRules;
  /** Values replaced so far; set only once something was. */
  [COUNT]?: number;
}

/** Reused for every call: redaction writes the safe key and value here instead of allocating. */
const ENTRY: RedactedEntry = { key: '', value: undefined };
const TALLY: RedactionTally = { count: 0 };

/** One guard per original `setAttribute`, so spans of a frozen class share theirs. */
const GUARDS = new WeakMap<SetAttribute, SetAttribute>();

/** Guard calls under way: a call made from inside another (a user predicate) gets its own scratch. */
let depth = 0;

function guarded(original: SetAttribute): SetAttribute {
  const known = GUARDS.get(original);
  if (known !== undefined) return known;
  const setAttribute = function setAttribute(this: GuardedSpan, key: string, value: unknown): unknown {
    const rules = this[RULES];
    if (rules === undefined) return original.call(this, key, value);
    const entry = depth === 0 ? ENTRY : { key: '', value: undefined };
    const tally = depth === 0 ? TALLY : { count: 0 };
    let safeKey: unknown = key;
    let safeValue: unknown;
    tally.count = 0;
    depth++;
    try {
      // The SDK stores a key that is not a string under its string form, so it is judged as one.
      const name = typeof key === 'string' ? key : String(key);
      redactEntry(name, value, rules, tally, entry);
      if (entry.key !== name) safeKey = entry.key;
      safeValue = entry.value;
    } catch {
      // A value that cannot be checked is not stored as it is.
      safeValue = REDACTED;
      tally.count = 1;
    } finally {
      depth--;
      entry.value = undefined;
    }
    if (tally.count > 0) this[COUNT] = (this[COUNT] ?? 0) + tally.count;
    return original.call(this, safeKey as string, safeValue);
  };
  const guard = Object.assign(setAttribute, { [ORIGINAL]: original });
  GUARDS.set(original, guard);
  return guard;
}

/** The object in `span`'s prototype chain (or `span` itself) that defines `setAttribute`. */
function definer(span: object): object | undefined {
  for (let at: object | null = span; at !== null; at = Object.getPrototypeOf(at)) {
    if (Object.hasOwn(at, 'setAttribute')) return at;
  }
  return undefined;
}

/** Puts the guard in front of the `setAttribute` that `span` uses, unless it is there already. */
function installGuard(span: GuardedSpan): void {
  if (span.setAttribute[ORIGINAL] !== undefined) return;
  const owner = definer(span) as { setAttribute: SetAttribute } | undefined;
  if (owner === undefined) return;
  const wrapper = guarded(owner.setAttribute);
  try {
    owner.setAttribute = wrapper;
  } catch {
    // A frozen prototype: this span alone gets the guard (defined, since a read-only inherited
    // property cannot be shadowed by assignment).
  }
  if (span.setAttribute === wrapper) return;
  try {
    Object.defineProperty(span, 'setAttribute', { value: wrapper, writable: true, configurable: true });
  } catch {
    // A frozen span: left unguarded, so onEnding reads its attributes.
  }
}

/**
 * Redacts the attributes `span` already has and guards the ones it will get, under `rules`. Returns
 * whether that holds: when it does not (its `setAttribute` cannot be replaced, the span cannot take the
 * mark, or the span is guarded under another processor's rules), `onEnding` reads every attribute.
 */
export function guardAttributes(span: object, rules: RedactionRules): boolean {
  const target = span as GuardedSpan;
  if (target[RULES] !== undefined) return target[RULES] === rules;
  if (
    typeof target.setAttribute !== 'function' ||
    typeof target.attributes !== 'object' ||
    target.attributes === null
  ) {
    return false;
  }
  installGuard(target);
  if (target.setAttribute[ORIGINAL] === undefined) return false;
  const tally: RedactionTally = { count: 0 };
  const initial = redactMembers(target.attributes, rules, tally);
  if (initial !== undefined) replaceMembers(target.attributes as Record<string, unknown>, initial);
  // Marked last: a mark before the guard is in place, or before the first values are redacted, would
  // let onEnding skip attributes nobody checked. A span that cannot take the mark stays unguarded.
  try {
    target[RULES] = rules;
  } catch {
    return false;
  }
  if (tally.count > 0) target[COUNT] = tally.count;
  return true;
}

/**
 * How many attribute values the guard replaced on `span` under `rules`, or undefined when the guard
 * does not vouch for its attributes: not marked, marked under other rules (a second processor with its
 * own additions), or the guard is no longer in front of its `setAttribute` (something put the original
 * back after the span was marked).
 */
export function guardCount(span: object, rules: RedactionRules): number | undefined {
  const target = span as GuardedSpan;
  if (target[RULES] !== rules || target.setAttribute?.[ORIGINAL] === undefined) return undefined;
  return target[COUNT] ?? 0;
}
