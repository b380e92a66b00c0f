import type { Attributes } from '@opentelemetry/api';
import type { RedactionRules } from './redaction-config.js';
import { REDACTED } from './text-redaction.js';
import {
  type RedactedEntry,
  type RedactionTally,
  redactEntry,
  redactMembers,
  replaceMembers,
} from './value-redaction.js';

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

function guarded(original: SetAttribute): SetAttribute {
  const known = GUARDS.get(original);
  if (known !== undefined) return known;
  const setAttribute = function setAttribute(this: GuardedSpan, key: string, value: unknown): unknown {
    const rules = this[RULES];
    if (rules === undefined || typeof key !== 'string') return original.call(this, key, value);
    let safeKey: string;
    let safeValue: unknown;
    TALLY.count = 0;
    try {
      redactEntry(key, value, rules, TALLY, ENTRY);
      safeKey = ENTRY.key;
      safeValue = ENTRY.value;
    } catch {
      // A value that cannot be checked is not stored as it is.
      safeKey = key;
      safeValue = REDACTED;
      TALLY.count = 1;
    }
    ENTRY.value = undefined;
    if (TALLY.count > 0) this[COUNT] = (this[COUNT] ?? 0) + TALLY.count;
    return original.call(this, safeKey, safeValue);
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
 * Redacts the attributes `span` already has and guards the ones it will get. Returns whether the span
 * is guarded: when it is not (its `setAttribute` cannot be replaced), `onEnding` reads every attribute
 * instead. A span guarded already (a second processor) keeps its first rules.
 */
export function guardAttributes(span: object, rules: RedactionRules): boolean {
  const target = span as GuardedSpan;
  if (target[RULES] !== undefined) return true;
  if (
    typeof target.setAttribute !== 'function' ||
    typeof target.attributes !== 'object' ||
    target.attributes === null
  ) {
    return false;
  }
  installGuard(target);
  // Marked only once the guard is in place: a mark without it would let onEnding skip the attributes.
  if (target.setAttribute[ORIGINAL] === undefined) return false;
  target[RULES] = rules;
  const tally: RedactionTally = { count: 0 };
  const initial = redactMembers(target.attributes, rules, tally);
  if (initial !== undefined) replaceMembers(target.attributes as Record<string, unknown>, initial);
  if (tally.count > 0) target[COUNT] = tally.count;
  return true;
}

/** How many attribute values the guard of `span` replaced, or undefined when the span is not guarded. */
export function guardCount(span: object): number | undefined {
  const target = span as GuardedSpan;
  return target[RULES] === undefined ? undefined : (target[COUNT] ?? 0);
}
