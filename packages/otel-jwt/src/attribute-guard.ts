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
 * attributes the span started with and puts a guard in front of the span's own `setAttribute` (which
 * `setAttributes` calls too): every later value is redacted before the SDK stores it, and before span
 * limits could truncate it into an unrecognisable piece.
 */
const ORIGINAL = Symbol('otel-jwt.original-set-attribute');
const GUARD = Symbol('otel-jwt.attribute-guard');

interface Guard {
  readonly rules: RedactionRules;
  readonly tally: RedactionTally;
}

interface GuardedSpan {
  readonly attributes: Attributes;
  setAttribute(key: string, value: unknown): unknown;
  [ORIGINAL]?: (key: string, value: unknown) => unknown;
  [GUARD]?: Guard;
}

/** Reused for every call: redaction writes the safe key and value here instead of allocating. */
const ENTRY: RedactedEntry = { key: '', value: undefined };

function guardedSetAttribute(this: GuardedSpan, key: string, value: unknown): unknown {
  const original = this[ORIGINAL] as (key: string, value: unknown) => unknown;
  const guard = this[GUARD];
  if (guard === undefined || typeof key !== 'string') return original.call(this, key, value);
  let safeKey: string;
  let safeValue: unknown;
  try {
    redactEntry(key, value, guard.rules, guard.tally, ENTRY);
    safeKey = ENTRY.key;
    safeValue = ENTRY.value;
  } catch {
    // A value that cannot be checked is not stored as it is.
    safeKey = key;
    safeValue = REDACTED;
    guard.tally.count++;
  }
  ENTRY.value = undefined;
  return original.call(this, safeKey, safeValue);
}

/**
 * Redacts the attributes `span` already has and guards the ones it will get. Returns the guard's
 * tally, or undefined when the span's `setAttribute` cannot be replaced (then `onEnding` reads every
 * attribute instead). A span guarded already (a second processor) keeps its first guard.
 */
export function guardAttributes(span: object, rules: RedactionRules): RedactionTally | undefined {
  const target = span as GuardedSpan;
  if (target[GUARD] !== undefined) return target[GUARD].tally;
  const original = target.setAttribute;
  if (typeof original !== 'function' || typeof target.attributes !== 'object' || target.attributes === null) {
    return undefined;
  }
  const tally: RedactionTally = { count: 0 };
  const initial = redactMembers(target.attributes, rules, tally);
  if (initial !== undefined) replaceMembers(target.attributes as Record<string, unknown>, initial);
  target[ORIGINAL] = original;
  target[GUARD] = { rules, tally };
  target.setAttribute = guardedSetAttribute;
  return target.setAttribute === guardedSetAttribute ? tally : undefined;
}

/** The tally of a span guarded by {@link guardAttributes}, if it was. */
export function guardTally(span: object): RedactionTally | undefined {
  return (span as GuardedSpan)[GUARD]?.tally;
}
