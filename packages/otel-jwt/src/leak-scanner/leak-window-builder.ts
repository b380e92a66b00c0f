import { grown } from './leak-array-growth.js';
import { GroupSets } from './leak-group-sets.js';
import { WindowSlots } from './leak-window-slots.js';
import { filterMix, type Segments, WindowTable } from './leak-window-table.js';

/** Filter bits per window: about one position in 16 that holds no window reaches the table. */
const FILTER_BITS_PER_WINDOW = 16;
const MIN_FILTER_BITS = 1 << 16;
const INITIAL = 1024;

/**
 * The windows of one index (every window of every token in some forms) as they are added: each
 * distinct window once, and its needles (one per group) in the order added.
 */
export class WindowTableBuilder {
  readonly #slots: WindowSlots;
  /** The group of each window's last needle. */
  #lastGroup = new Int32Array(INITIAL);
  // Needles in the order added: their window, group, form and the token characters they cover.
  #entry = new Int32Array(INITIAL);
  #group = new Int32Array(INITIAL);
  #form = new Uint8Array(INITIAL);
  #start = new Int32Array(INITIAL);
  #end = new Int32Array(INITIAL);
  #needles = 0;

  constructor(
    readonly length: number,
    /** Whether ASCII letters of a scanned text are compared in lower case (the windows are in lower case). */
    readonly fold: boolean,
    /** Groups of the index: tokens × 3. */
    readonly groups: number,
  ) {
    this.#slots = new WindowSlots(length);
  }

  /** Registers a text that windows will be read from; returns its number for {@link add}. */
  source(text: string): number {
    return this.#slots.source(text);
  }

  /**
   * Adds the window at `offset` of source `source` (hashes `a`, `b`) to `group`'s windows, as covering
   * token characters [tokenStart, tokenEnd) in form number `form`. A group gets one needle per window,
   * the first added (a repeated window only matters as part of a longer match); groups are added in
   * rising order, so only the window's last needle is compared: adding costs the same whether 1 or
   * 1,000 tokens (one issuer's header) share the window.
   */
  add(
    source: number,
    offset: number,
    a: number,
    b: number,
    group: number,
    form: number,
    tokenStart: number,
    tokenEnd: number,
  ): void {
    let entry = this.#slots.findSource(a, b, source, offset);
    if (entry < 0) {
      entry = this.#slots.insert(a, b, source, offset);
      this.#lastGroup = grown(this.#lastGroup, entry + 1);
    } else if (this.#lastGroup[entry] === group) {
      return;
    }
    this.#lastGroup[entry] = group;
    const id = this.#needles++;
    if (id >= this.#group.length) {
      this.#entry = grown(this.#entry, id + 1);
      this.#group = grown(this.#group, id + 1);
      this.#form = grown(this.#form, id + 1);
      this.#start = grown(this.#start, id + 1);
      this.#end = grown(this.#end, id + 1);
    }
    this.#entry[id] = entry;
    this.#group[id] = group;
    this.#form[id] = form;
    this.#start[id] = tokenStart;
    this.#end[id] = tokenEnd;
  }

  /**
   * The table to scan with: the needles of each window side by side (sorted by window, keeping the
   * order added), cut into segments of needles that say the same, so a scan reads a window in a row and
   * carries one issuer's tokens as one; and a filter sized to the windows.
   */
  build(): WindowTable {
    const slots = this.#slots;
    const needles = this.#needles;
    // Where each window's needles go: counting sort by window.
    const entry = new Int32Array(slots.count + 1);
    for (let id = 0; id < needles; id++) {
      const window = (this.#entry[id] ?? 0) + 1;
      entry[window] = (entry[window] ?? 0) + 1;
    }
    for (let window = 0; window < slots.count; window++) {
      entry[window + 1] = (entry[window + 1] ?? 0) + (entry[window] ?? 0);
    }
    const next = entry.slice(0, slots.count);
    const order = new Int32Array(needles);
    for (let id = 0; id < needles; id++) {
      const window = this.#entry[id] ?? 0;
      const at = next[window] ?? 0;
      order[at] = id;
      next[window] = at + 1;
    }
    return new WindowTable(slots, this.fold, this.#segments(order, entry), ...this.#filter());
  }

  /** The needles in `order`, window by window (`bounds`: where each window's needles start), as segments. */
  #segments(order: Int32Array, bounds: Int32Array): Segments {
    const needles = order.length;
    const windows = bounds.length - 1;
    // At most one segment per needle; trimmed below.
    const entry = new Int32Array(windows + 1);
    const first = new Int32Array(needles + 1);
    const set = new Int32Array(needles);
    const form = new Uint8Array(needles);
    const start = new Int32Array(needles);
    const end = new Int32Array(needles);
    const groups = new Int32Array(needles);
    const sets = new GroupSets(groups, this.groups);
    let segments = 0;
    for (let window = 0; window < windows; window++) {
      entry[window] = segments;
      for (let at = bounds[window] ?? 0; at < (bounds[window + 1] ?? 0); at++) {
        const id = order[at] ?? 0;
        const continues =
          segments > (entry[window] ?? 0) &&
          form[segments - 1] === this.#form[id] &&
          start[segments - 1] === this.#start[id] &&
          end[segments - 1] === this.#end[id];
        if (!continues) {
          if (segments > 0) set[segments - 1] = sets.number(first[segments - 1] ?? 0, at);
          first[segments] = at;
          form[segments] = this.#form[id] ?? 0;
          start[segments] = this.#start[id] ?? 0;
          end[segments] = this.#end[id] ?? 0;
          segments++;
        }
        groups[at] = this.#group[id] ?? 0;
      }
    }
    if (segments > 0) set[segments - 1] = sets.number(first[segments - 1] ?? 0, needles);
    entry[windows] = segments;
    first[segments] = needles;
    return {
      entry,
      first: first.slice(0, segments + 1),
      groups,
      set: set.slice(0, segments),
      form: form.slice(0, segments),
      start: start.slice(0, segments),
      end: end.slice(0, segments),
      sets: sets.count,
    };
  }

  /** One bit per class of hashes some window has, about 16 bits per window. */
  #filter(): [Uint32Array, number] {
    const slots = this.#slots;
    let bits = MIN_FILTER_BITS;
    while (bits < slots.count * FILTER_BITS_PER_WINDOW) bits *= 2;
    const filter = new Uint32Array(bits >>> 5);
    const shift = 32 - Math.log2(bits);
    for (let window = 0; window < slots.count; window++) {
      const bit = filterMix(slots.hashA(window), slots.hashB(window)) >>> shift;
      filter[bit >>> 5] = (filter[bit >>> 5] ?? 0) | (1 << (bit & 31));
    }
    return [filter, shift];
  }
}
