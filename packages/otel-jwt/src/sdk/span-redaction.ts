import type { Attributes } from '@opentelemetry/api';
import { ATTR_JWT_REDACTION_COUNT } from '../attribute-keys.js';
import type { RedactionRules } from '../redaction/redaction-rules.js';
import { redactLabel, redactText } from '../redaction/text-redaction.js';
import { type RedactionTally, redactMembers, replaceMembers } from '../redaction/value-redaction.js';

/** The fields of an SDK span that can hold text (SDK 2.x and 3.x spans and `ReadableSpan`s have them). */
export interface RedactableSpan {
  readonly name: string;
  readonly attributes: Attributes;
  readonly events: readonly { readonly name: string; readonly attributes?: Attributes }[];
  readonly links: readonly { readonly attributes?: Attributes }[];
  readonly status: { readonly code: number; readonly message?: string };
}

/** Replacement fields for one span; only those that changed are set. */
export interface SpanRedaction {
  /** How many values were replaced, written as `jwt.redaction_count`. */
  readonly count: number;
  readonly name?: string;
  readonly attributes?: Attributes;
  readonly events?: RedactableSpan['events'];
  readonly links?: RedactableSpan['links'];
  readonly status?: RedactableSpan['status'];
}

function redactList<T extends { readonly attributes?: Attributes; readonly name?: string }>(
  items: readonly T[],
  rules: RedactionRules,
  tally: RedactionTally,
): T[] | undefined {
  let copy: T[] | undefined;
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as T;
    const attributes =
      item.attributes === undefined ? undefined : redactMembers(item.attributes, rules, tally);
    const name = typeof item.name === 'string' ? redactLabel(item.name, rules) : item.name;
    if (attributes === undefined && name === item.name) continue;
    if (name !== item.name) tally.count++;
    copy ??= [...items];
    copy[index] = {
      ...item,
      ...(name === item.name ? {} : { name }),
      ...(attributes === undefined ? {} : { attributes }),
    };
  }
  return copy;
}

/**
 * What must change in `span` so that no token material is left in its name, attributes (nested values
 * included), event names and attributes, link attributes and status message. Undefined when the span
 * is clean, which allocates nothing. `checkedCount` is set when the attributes were already redacted
 * as they were set (attribute-guard.ts): they are not read again, and the replacements made then are
 * added to the count.
 */
export function spanRedaction(
  span: RedactableSpan,
  rules: RedactionRules,
  checkedCount?: number,
): SpanRedaction | undefined {
  const tally: RedactionTally = { count: 0 };
  const attributes =
    checkedCount === undefined
      ? (redactMembers(span.attributes, rules, tally) as Attributes | undefined)
      : undefined;
  const events = span.events.length === 0 ? undefined : redactList(span.events, rules, tally);
  const links = span.links.length === 0 ? undefined : redactList(span.links, rules, tally);
  const name = redactLabel(span.name, rules);
  if (name !== span.name) tally.count++;
  const message = span.status.message;
  const safeMessage = message === undefined ? undefined : redactText(message, rules);
  const status = safeMessage === message ? undefined : { ...span.status, message: safeMessage as string };
  if (status !== undefined) tally.count++;
  const count = tally.count + (checkedCount ?? 0);
  if (count === 0) return undefined;
  return {
    count,
    ...(attributes === undefined ? {} : { attributes }),
    ...(events === undefined ? {} : { events }),
    ...(links === undefined ? {} : { links }),
    ...(name === span.name ? {} : { name }),
    ...(status === undefined ? {} : { status }),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Applies a redaction to a span that is still being ended (`onEnding`): the SDK's own attribute object
 * and event and link arrays are changed, since an exporter reads them after `end()`.
 */
export function applySpanRedaction(span: RedactableSpan, redaction: SpanRedaction): void {
  const target = span as Mutable<RedactableSpan>;
  const own = span.attributes as Record<string, unknown>;
  if (redaction.attributes !== undefined) replaceMembers(own, redaction.attributes);
  // A second processor adds its replacements to those of the first.
  const before = own[ATTR_JWT_REDACTION_COUNT];
  own[ATTR_JWT_REDACTION_COUNT] = (typeof before === 'number' ? before : 0) + redaction.count;
  if (redaction.events !== undefined) replaceItems(span.events, redaction.events);
  if (redaction.links !== undefined) replaceItems(span.links, redaction.links);
  if (redaction.name !== undefined) target.name = redaction.name;
  if (redaction.status !== undefined) target.status = redaction.status;
}

function replaceItems<T>(own: readonly T[], replacement: readonly T[]): void {
  const list = own as T[];
  for (let index = 0; index < replacement.length; index++) list[index] = replacement[index] as T;
}

/**
 * A view of an ended span with the redaction applied, for exporters (the span itself is left as it
 * is): every other property and method still comes from the span, through the prototype chain.
 */
export function redactedSpanView<T extends RedactableSpan>(span: T, redaction: SpanRedaction): T {
  const { count, ...changed } = redaction;
  const fields: PropertyDescriptorMap = {
    attributes: {
      value: { ...(changed.attributes ?? span.attributes), [ATTR_JWT_REDACTION_COUNT]: count },
      enumerable: true,
    },
  };
  for (const [key, value] of Object.entries(changed)) {
    if (key !== 'attributes') fields[key] = { value, enumerable: true };
  }
  return Object.create(span, fields) as T;
}
