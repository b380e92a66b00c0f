import type { Attributes } from '@opentelemetry/api';
import type { RedactionRules } from '../redaction/redaction-rules.js';
import { seenTokens } from '../redaction/seen-tokens.js';
import { type RedactionTally, redactValue } from '../redaction/value-redaction.js';
import { guardCount } from './attribute-guard.js';
import type { RedactableSpan } from './span-redaction.js';

/**
 * Marks the processors leave on what they redacted, so that an exporter wrapper with the same rules
 * need not read it all again: a span redacted in `onEnding` or a log record redacted at emit that
 * nothing changed since, with no token remembered since, needs only its values held by reference
 * (byte arrays, arrays, maps) read again, since strings cannot change. A mark is trusted only while all
 * of that holds; anything else costs the wrapper its full read, never a value left unread.
 */
const MARK = Symbol('otel-jwt.redaction-mark');

/** Who judged, under which rules, against the tokens remembered at which generation. Shared per processor. */
export class Judge {
  constructor(
    readonly identity: string,
    readonly rules: RedactionRules,
    readonly generation: number,
  ) {}

  /** This judge while no token was remembered since it was made, else a new one. */
  now(): Judge {
    const generation = seenTokens.generation;
    return generation === this.generation ? this : new Judge(this.identity, this.rules, generation);
  }
}

/** A span redacted in `onEnding`, and the fields that show whether anything was added or replaced since. */
class EndedSpan {
  constructor(
    readonly judge: Judge,
    readonly name: string,
    readonly status: object,
    readonly events: number,
    readonly lastEvent: unknown,
    readonly links: number,
    readonly lastLink: unknown,
  ) {}
}

/** A log record redacted at emit, with what it held then (its attributes as key, value, key, value...). */
class EmittedRecord {
  constructor(
    readonly judge: Judge,
    readonly body: unknown,
    readonly severityText: unknown,
    readonly eventName: unknown,
    readonly entries: readonly unknown[],
  ) {}
}

type Marked = { [MARK]?: Judge | EndedSpan | EmittedRecord };

/** In `onStart`: the generation before any of the span's values is judged. Throws on a frozen span. */
export function markSpanStart(span: object, judge: Judge): void {
  (span as Marked)[MARK] = judge;
}

/**
 * In `onEnding`, once the span is redacted under `rules`: everything in it was judged against the
 * tokens remembered when it started, or since.
 */
export function markSpanEnded(span: RedactableSpan, rules: RedactionRules): void {
  const judge = (span as Marked)[MARK];
  // Only the judge that saw the span start knows the generation its first values were judged at.
  if (!(judge instanceof Judge) || judge.rules !== rules) return;
  const { events, links } = span;
  (span as Marked)[MARK] = new EndedSpan(
    judge,
    span.name,
    span.status,
    events.length,
    events[events.length - 1],
    links.length,
    links[links.length - 1],
  );
}

/** A log record as the log processor saw it at the end of `onEmit`. */
export function markRecordEmitted(
  record: {
    readonly attributes: Attributes;
    readonly body?: unknown;
    readonly severityText?: unknown;
    readonly eventName?: unknown;
  },
  judge: Judge,
): void {
  const own = record.attributes;
  const entries: unknown[] = [];
  // for-in over a record's few attributes (a fast-mode object) allocates nothing but this list.
  for (const key in own) entries.push(key, own[key]);
  (record as Marked)[MARK] = new EmittedRecord(
    judge,
    record.body,
    record.severityText,
    record.eventName,
    entries,
  );
}

function current(judge: Judge, identity: string): boolean {
  return judge.identity === identity && judge.generation === seenTokens.generation;
}

const held = (value: unknown): boolean => value !== null && typeof value === 'object';

/** Whether a value held by reference now holds token material (it is read again; strings are not). */
function heldChanged(value: unknown, rules: RedactionRules, tally: RedactionTally): boolean {
  return held(value) && redactValue(value, rules, tally) !== value;
}

function membersChanged(
  members: Attributes | undefined,
  rules: RedactionRules,
  tally: RedactionTally,
): boolean {
  if (members === undefined) return false;
  const keys = Object.keys(members);
  for (let index = 0; index < keys.length; index++) {
    if (heldChanged(members[keys[index] as string], rules, tally)) return true;
  }
  return false;
}

/**
 * Whether `span` needs nothing from a wrapper with rules of `identity`: it was redacted in `onEnding`
 * under the same rules since its start, no token was remembered since, its attributes are still
 * guarded (a value set later was redacted as it was set), no event or link was added and its name and
 * status are the ones judged, and no value held by reference now holds token material.
 */
export function spanSettled(span: RedactableSpan, identity: string, rules: RedactionRules): boolean {
  const mark = (span as Marked)[MARK];
  if (!(mark instanceof EndedSpan) || !current(mark.judge, identity)) return false;
  const { events, links } = span;
  if (
    guardCount(span, mark.judge.rules) === undefined ||
    span.name !== mark.name ||
    span.status !== mark.status ||
    events.length !== mark.events ||
    events[events.length - 1] !== mark.lastEvent ||
    links.length !== mark.links ||
    links[links.length - 1] !== mark.lastLink
  ) {
    return false;
  }
  const tally: RedactionTally = { count: 0 };
  if (membersChanged(span.attributes, rules, tally)) return false;
  for (const event of events) if (membersChanged(event.attributes, rules, tally)) return false;
  for (const link of links) if (membersChanged(link.attributes, rules, tally)) return false;
  return true;
}

/**
 * Whether `record` needs nothing from a wrapper with rules of `identity`: it was redacted at emit under
 * the same rules, no token was remembered since, its body, severity text, event name and every
 * attribute are the values judged then (none added, removed or replaced, by a later processor or
 * anyone else), and no value held by reference now holds token material.
 */
export function recordSettled(
  record: {
    readonly attributes: Attributes;
    readonly body?: unknown;
    readonly severityText?: unknown;
    readonly eventName?: unknown;
  },
  identity: string,
  rules: RedactionRules,
): boolean {
  const mark = (record as Marked)[MARK];
  if (!(mark instanceof EmittedRecord) || !current(mark.judge, identity)) return false;
  if (
    record.body !== mark.body ||
    record.severityText !== mark.severityText ||
    record.eventName !== mark.eventName
  ) {
    return false;
  }
  const own = record.attributes;
  const { entries } = mark;
  const tally: RedactionTally = { count: 0 };
  let at = 0;
  // Inherited keys would show up here too, so a record whose attributes gained any is read in full.
  for (const key in own) {
    const value = own[key];
    if (key !== entries[at] || value !== entries[at + 1] || heldChanged(value, rules, tally)) return false;
    at += 2;
  }
  if (at !== entries.length) return false;
  return !heldChanged(record.body, rules, tally);
}
