import { grown } from './leak-array-growth.js';
import { BASE64URL, URL_ENCODED } from './leak-forms.js';

const INITIAL = 256;

/**
 * The matches in progress of one scan of one text. A run (consecutive windows of one group, one
 * finding however long) lives in a batch: the runs of groups that started and went on together share
 * one, so 1,000 tokens of one issuer matching the same header cost one step per window, not 1,000.
 * Per-group and per-set arrays are allocated once per index and belong to a scan by their stamp, so
 * starting a scan costs nothing however many tokens the index holds. A batch left without groups is
 * used again, so there are never more batches than groups.
 */
export class RunState {
  /** The scan a group's run belongs to; its batch. */
  readonly #claimed: Int32Array;
  readonly batchOf: Int32Array;
  /** Groups with a run in this scan, in the order of their first run: the order runs are closed in at the end. */
  readonly touched: number[] = [];
  /** The batch that last held exactly a set's groups, and the scan that was in. */
  readonly #setScan: Int32Array;
  readonly #setBatch: Int32Array;
  #scan = 0;
  #mark = 0;

  // Batches, reused from scan to scan: where the run starts and its last window ends in the text, the
  // token characters its windows cover, its form (by number) and how many groups are in it.
  start = new Int32Array(INITIAL);
  end = new Int32Array(INITIAL);
  tokenStart = new Int32Array(INITIAL);
  tokenEnd = new Int32Array(INITIAL);
  form = new Uint8Array(INITIAL);
  /**
   * 1 while the run holds only windows of the token's percent-encoded form that begin or end inside an
   * escape and hold no `%` (`EAAA...` after a cut `%2`): they prove no encoding, so the first window
   * that joins decides the run's form.
   */
  unproven = new Uint8Array(INITIAL);
  members = new Int32Array(INITIAL);
  /** The set whose groups the batch held all of when it was recorded, -1 if none. */
  #setOf = new Int32Array(INITIAL);
  /** The batch made from this one by the last extension that took only some of its groups. */
  #derivedMark = new Int32Array(INITIAL);
  #derived = new Int32Array(INITIAL);
  #batches = 0;
  /** Batches without groups, to use again. */
  readonly #free: number[] = [];

  constructor(groups: number, sets: number) {
    this.#claimed = new Int32Array(groups);
    this.batchOf = new Int32Array(groups);
    this.#setScan = new Int32Array(sets);
    this.#setBatch = new Int32Array(sets);
  }

  /** Forgets the runs of the previous scan. */
  begin(): void {
    this.touched.length = 0;
    this.#batches = 0;
    this.#free.length = 0;
    this.#mark = 0;
    if (this.#scan === 0x7fffffff) {
      this.#claimed.fill(0);
      this.#setScan.fill(0);
      this.#scan = 0;
    }
    this.#scan++;
  }

  /** Whether `group` has a run in this scan; if not, it is marked as having one from now on. */
  claim(group: number): boolean {
    if (this.#claimed[group] === this.#scan) return true;
    this.#claimed[group] = this.#scan;
    this.batchOf[group] = -1;
    this.touched.push(group);
    return false;
  }

  /**
   * The batch recorded in this scan as holding all the groups of `set` (it may have lost some since:
   * compare its members with the set's size), or -1.
   */
  batchOfSet(set: number): number {
    if (this.#setScan[set] !== this.#scan) return -1;
    const batch = this.#setBatch[set] ?? -1;
    return batch >= 0 && this.#setOf[batch] === set ? batch : -1;
  }

  /** Records that `batch` holds all the groups of `set` and no other. */
  remember(set: number, batch: number): void {
    this.#setScan[set] = this.#scan;
    this.#setBatch[set] = batch;
    this.#setOf[batch] = set;
  }

  /** A number for one extension of some groups, so each batch is split once for it. */
  nextMark(): number {
    return ++this.#mark;
  }

  /** A batch for runs starting at `at` with one window. */
  open(at: number, length: number, form: number, tokenStart: number, tokenEnd: number, unproven: boolean) {
    const batch = this.#free.pop() ?? this.#batches++;
    if (batch >= this.start.length) this.#grow(batch + 1);
    this.start[batch] = at;
    this.end[batch] = at + length;
    this.tokenStart[batch] = tokenStart;
    this.tokenEnd[batch] = tokenEnd;
    this.form[batch] = form;
    this.unproven[batch] = unproven ? 1 : 0;
    this.members[batch] = 0;
    this.#setOf[batch] = -1;
    this.#derivedMark[batch] = 0;
    return batch;
  }

  /**
   * The copy of `batch` extended by a window ending at `end` that extension `mark` made, made now if
   * this is the first of the batch's groups it takes: the groups it does not take keep the batch as it was.
   */
  derive(batch: number, mark: number, end: number, form: number, tokenEnd: number, percent: boolean): number {
    if (this.#derivedMark[batch] === mark) return this.#derived[batch] ?? -1;
    const copy = this.open(
      this.start[batch] ?? 0,
      0,
      this.form[batch] ?? 0,
      this.tokenStart[batch] ?? 0,
      this.tokenEnd[batch] ?? 0,
      this.unproven[batch] === 1,
    );
    this.extend(copy, end, form, tokenEnd, percent);
    this.#derivedMark[batch] = mark;
    this.#derived[batch] = copy;
    return copy;
  }

  /** Extends the runs of `batch` by a window ending at `end`. */
  extend(batch: number, end: number, form: number, tokenEnd: number, percent: boolean): void {
    this.end[batch] = end;
    this.tokenEnd[batch] = Math.max(this.tokenEnd[batch] ?? 0, tokenEnd);
    if (this.unproven[batch] === 1) {
      this.form[batch] = form;
      this.unproven[batch] = form === URL_ENCODED && !percent ? 1 : 0;
    } else if ((form === URL_ENCODED && percent) || form === BASE64URL) {
      // A run with one escaped (or url-alphabet) window is url-encoded (base64url) as a whole.
      this.form[batch] = form;
    }
  }

  /** Moves `group` (claimed) into `batch`. */
  join(group: number, batch: number): void {
    const from = this.batchOf[group] ?? -1;
    if (from >= 0) {
      this.members[from] = (this.members[from] ?? 0) - 1;
      if (this.members[from] === 0) this.#free.push(from);
    }
    this.batchOf[group] = batch;
    this.members[batch] = (this.members[batch] ?? 0) + 1;
  }

  #grow(needed: number): void {
    this.start = grown(this.start, needed);
    this.end = grown(this.end, needed);
    this.tokenStart = grown(this.tokenStart, needed);
    this.tokenEnd = grown(this.tokenEnd, needed);
    this.form = grown(this.form, needed);
    this.unproven = grown(this.unproven, needed);
    this.members = grown(this.members, needed);
    this.#setOf = grown(this.#setOf, needed);
    this.#derivedMark = grown(this.#derivedMark, needed);
    this.#derived = grown(this.#derived, needed);
  }
}
