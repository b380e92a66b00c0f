import { FORMS, URL_ENCODED } from './leak-forms.js';
import { newHits } from './leak-hit-overlap.js';
import { LEAK_WINDOW, type Needles, normalizePercent } from './leak-needles.js';
import type { TextHit } from './leak-report.js';
import type { RunState } from './leak-run-state.js';
import type { TokenShape } from './leak-token-shape.js';
import { BASE_A, BASE_B, folded } from './leak-window-hash.js';
import { filterMix, type WindowTable } from './leak-window-table.js';

/** The run of `group` (in `batch`) ends: one finding, however many windows it chained. */
function close(runs: RunState, group: number, batch: number, shapes: readonly TokenShape[], hits: TextHit[]) {
  const tokenIndex = Math.floor(group / 3);
  const form = FORMS[runs.form[batch] ?? 0] ?? 'raw';
  const tokenStart = runs.tokenStart[batch] ?? 0;
  const tokenEnd = runs.tokenEnd[batch] ?? 0;
  hits.push({
    tokenIndex,
    form,
    match: shapes[tokenIndex]?.classify(form, tokenStart, tokenEnd) ?? 'substring',
    start: runs.start[batch] ?? 0,
    end: runs.end[batch] ?? 0,
    tokenStart,
    tokenEnd,
  });
}

/**
 * Segment `segment` of the window at `at`, group by group: a group whose run ended at the previous
 * position goes on (with the others of its batch that are here), any other starts a run here (closing
 * its earlier one). One step per group; when the groups end up in one batch, it is remembered for the
 * set, so the next window of the same groups costs one step.
 */
function regroup(
  table: WindowTable,
  segment: number,
  at: number,
  percent: boolean,
  needles: Needles,
  hits: TextHit[],
) {
  const { first, groups, set } = table.segments;
  const { runs, tokens } = needles;
  const { length } = table;
  const mark = runs.nextMark();
  const form = table.segments.form[segment] ?? 0;
  const tokenEnd = table.segments.end[segment] ?? 0;
  /** The batch of the groups that start a run here. */
  let fresh = -1;
  /** The batch every group went to so far, -1 when they went to several. */
  let only = -2;
  for (let id = first[segment] ?? 0; id < (first[segment + 1] ?? 0); id++) {
    const group = groups[id] ?? 0;
    let target = -1;
    if (runs.claim(group)) {
      const batch = runs.batchOf[group] ?? 0;
      if (runs.end[batch] === at + length - 1) {
        target = runs.derive(batch, mark, at + length, form, tokenEnd, percent);
      } else {
        close(runs, group, batch, tokens, hits);
      }
    }
    if (target < 0) {
      if (fresh < 0) {
        const tokenStart = table.segments.start[segment] ?? 0;
        fresh = runs.open(at, length, form, tokenStart, tokenEnd, form === URL_ENCODED && !percent);
      }
      target = fresh;
    }
    runs.join(group, target);
    only = only === -2 || only === target ? target : -1;
  }
  if (only >= 0 && runs.members[only] === (first[segment + 1] ?? 0) - (first[segment] ?? 0)) {
    runs.remember(set[segment] ?? 0, only);
  }
}

/**
 * The window at `at` is `entry` of `table`: each group having it starts a run there or, when its run
 * ended at the previous position's window, extends it. A function of its own so the engine optimises
 * the scan's loop and this one apart (an inner loop inside the scan was deoptimised at each exit).
 */
function step(table: WindowTable, entry: number, at: number, needles: Needles, hits: TextHit[]): void {
  const { first, set, form, end } = table.segments;
  const { runs } = needles;
  // A url-encoded window proves an encoding only when it holds a whole escape (not `2E...` after a
  // cut `%`, nor `...6%` before one).
  const percent = table.hasPercent(entry);
  const last = table.segments.entry[entry + 1] ?? 0;
  for (let segment = table.segments.entry[entry] ?? 0; segment < last; segment++) {
    const batch = runs.batchOfSet(set[segment] ?? 0);
    if (
      batch >= 0 &&
      runs.end[batch] === at + table.length - 1 &&
      runs.members[batch] === (first[segment + 1] ?? 0) - (first[segment] ?? 0)
    ) {
      // The very groups of the batch, all of whose runs ended at the previous window: they go on together.
      runs.extend(batch, at + table.length, form[segment] ?? 0, end[segment] ?? 0, percent);
    } else {
      regroup(table, segment, at, percent, needles, hits);
    }
  }
}

/**
 * One pass over the text: each position costs a rolling hash step and a filter bit and, when it passes
 * (rarely, unless token material is there), one table lookup and one step per segment of the window.
 * Characters no window holds (JSON syntax, or anything but hex digits for the hex index) cut the text
 * into runs: the hash starts again after them, and positions whose window holds one are not looked up.
 */
function scanIndex(text: string, table: WindowTable, needles: Needles, hits: TextHit[]): void {
  const { length, fold, filter, filterShift, dropA, dropB } = table;
  const { ascii, nonAscii } = table.slots;
  if (text.length < length) return;
  const { runs } = needles;
  runs.begin();
  let a = 0;
  let b = 0;
  /** Characters some window holds, in a row up to here. */
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = fold ? folded(text.charCodeAt(i)) : text.charCodeAt(i);
    if (code < 128 ? ascii[code] === 0 : !nonAscii) {
      run = 0;
      a = 0;
      b = 0;
      continue;
    }
    if (run >= length) {
      const leaving = fold ? folded(text.charCodeAt(i - length)) : text.charCodeAt(i - length);
      a = (a - Math.imul(leaving, dropA)) | 0;
      b = (b - Math.imul(leaving, dropB)) | 0;
    }
    a = (Math.imul(a, BASE_A) + code) | 0;
    b = (Math.imul(b, BASE_B) + code) | 0;
    if (++run < length) continue;
    const bit = filterMix(a, b) >>> filterShift;
    if (((filter[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) continue;
    const at = i - length + 1;
    const entry = table.find(text, at, a, b);
    if (entry >= 0) step(table, entry, at, needles, hits);
  }
  for (const group of runs.touched) close(runs, group, runs.batchOf[group] ?? 0, needles.tokens, hits);
}

/**
 * Every place in `text` holding 16 or more characters of a token in one of its forms, in text order.
 * Percent escapes and hex digits match in either case; everything else is case-sensitive.
 */
export function scanText(text: string, needles: Needles): TextHit[] {
  if (text.length < LEAK_WINDOW) return [];
  const hits: TextHit[] = [];
  const normalized = normalizePercent(text);
  scanIndex(normalized, needles.text, needles, hits);
  if (normalized !== text) {
    // Upper-casing what looks like an escape can change token characters themselves (`%2c` before a
    // raw `c`), so the text is scanned as it is too; only places the first scan missed are added.
    const again: TextHit[] = [];
    scanIndex(text, needles.text, needles, again);
    for (const hit of newHits(hits, again)) hits.push(hit);
  }
  scanIndex(text, needles.hex, needles, hits);
  return hits.sort((a, b) => a.start - b.start || a.tokenIndex - b.tokenIndex);
}
