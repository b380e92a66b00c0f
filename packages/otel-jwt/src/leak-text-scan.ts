import {
  type NeedleIndex,
  type Needles,
  normalizePercent,
  prefixHash,
  type TokenShape,
  WINDOW,
} from './leak-needles.js';
import type { LeakForm, LeakMatch, TokenLeak } from './leak-report.js';

/** Token material in one text: a finding before the collector adds where the text sits. */
export type TextHit = Omit<TokenLeak, 'kind' | 'path'>;

/** Consecutive matching windows of one group: one finding, however long. */
interface Run {
  readonly group: number;
  readonly tokenIndex: number;
  form: LeakForm;
  readonly start: number;
  /** Where the last window of the run ends. */
  end: number;
  readonly tokenStart: number;
  tokenEnd: number;
  /**
   * Set while the run holds only windows of the token's percent-encoded form that begin or end inside
   * an escape and hold no `%` (`EAAA...` after a cut `%2`): they prove no encoding, so the first window
   * that joins decides the run's form.
   */
  unproven: boolean;
}

/** A url-encoded window without a `%`: part of an escape and plain token characters. */
function proves(form: LeakForm, window: string): boolean {
  return form !== 'url-encoded' || window.includes('%');
}

/** Base64 shares up to 2 bytes at each end of the token with the neighbouring data. */
function slackOf(form: LeakForm): number {
  return form === 'base64' || form === 'base64url' ? 2 : 0;
}

function classify(shape: TokenShape | undefined, run: Run): LeakMatch {
  if (shape === undefined) return 'substring';
  const slack = slackOf(run.form);
  if (run.tokenStart <= slack && run.tokenEnd >= shape.length - slack) return 'token';
  for (const [start, end] of shape.segments) {
    if (end - start > 2 * slack && run.tokenStart <= start + slack && run.tokenEnd >= end - slack) {
      return 'segment';
    }
  }
  return 'substring';
}

function close(run: Run, shapes: readonly TokenShape[], hits: TextHit[]): void {
  hits.push({
    tokenIndex: run.tokenIndex,
    form: run.form,
    match: classify(shapes[run.tokenIndex], run),
    start: run.start,
    end: run.end,
    tokenStart: run.tokenStart,
    tokenEnd: run.tokenEnd,
  });
}

function folded(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code | 0x20 : code;
}

/**
 * One pass over the text: each position costs a filter on the four characters there and, when it
 * passes (rarely, unless token material is there), one map lookup, so the scan is linear in the text.
 */
function scanIndex(text: string, index: NeedleIndex, shapes: readonly TokenShape[], hits: TextHit[]): void {
  const { windows, length, prefixes, fold } = index;
  const active = new Map<number, Run>();
  const last = text.length - length;
  const code = fold ? (at: number) => folded(text.charCodeAt(at)) : (at: number) => text.charCodeAt(at);
  let b = code(0);
  let c = code(1);
  let d = code(2);
  for (let at = 0; at <= last; at++) {
    const a = b;
    b = c;
    c = d;
    d = code(at + 3);
    if (prefixes[prefixHash(a, b, c, d)] === 0) continue;
    const window = fold ? text.slice(at, at + length).toLowerCase() : text.slice(at, at + length);
    const needles = windows.get(window);
    if (needles === undefined) continue;
    for (const needle of needles) {
      const run = active.get(needle.group);
      if (run !== undefined && run.end === at + length - 1) {
        run.end = at + length;
        run.tokenEnd = Math.max(run.tokenEnd, needle.tokenEnd);
        if (run.unproven) {
          run.form = needle.form;
          run.unproven = !proves(needle.form, window);
        } else if ((needle.form === 'url-encoded' && window.includes('%')) || needle.form === 'base64url') {
          // A run with one escaped (or url-alphabet) window is url-encoded (base64url) as a whole.
          run.form = needle.form;
        }
        continue;
      }
      if (run !== undefined) close(run, shapes, hits);
      active.set(needle.group, {
        group: needle.group,
        tokenIndex: needle.tokenIndex,
        form: needle.form,
        start: at,
        end: at + length,
        tokenStart: needle.tokenStart,
        tokenEnd: needle.tokenEnd,
        unproven: !proves(needle.form, window),
      });
    }
  }
  for (const run of active.values()) close(run, shapes, hits);
}

/**
 * Every place in `text` holding 16 or more characters of a token in one of its forms, in text order.
 * Percent escapes and hex digits match in either case; everything else is case-sensitive.
 */
export function scanText(text: string, needles: Needles): TextHit[] {
  if (text.length < WINDOW) return [];
  const hits: TextHit[] = [];
  const normalized = normalizePercent(text);
  scanIndex(normalized, needles.text, needles.tokens, hits);
  if (normalized !== text) {
    // Upper-casing what looks like an escape can change token characters themselves (`%2c` before a
    // raw `c`), so the text is scanned as it is too; only places the first scan missed are added.
    const found = [...hits];
    const again: TextHit[] = [];
    scanIndex(text, needles.text, needles.tokens, again);
    for (const hit of again) {
      const known = found.some(
        (other) => other.tokenIndex === hit.tokenIndex && other.start < hit.end && hit.start < other.end,
      );
      if (!known) hits.push(hit);
    }
  }
  scanIndex(text, needles.hex, needles.tokens, hits);
  return hits.sort((a, b) => a.start - b.start || a.tokenIndex - b.tokenIndex);
}
