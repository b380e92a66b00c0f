import { RollingHash } from './leak-window-hash.js';
import type { WindowSlots } from './leak-window-slots.js';

/** The filter bit of a window's hashes, above {@link WindowTable.filterShift}. */
export function filterMix(a: number, b: number): number {
  return Math.imul(b ^ Math.imul(a, 0xc2b2ae35), 0x27d4eb2f);
}

/**
 * The needles of each window, by segment: a segment is a row of needles that say the same of their
 * groups (form and token characters covered), as all the tokens of one issuer say of their common
 * header. Segments with the same groups share a set number, which lets a scan carry the matches of all
 * those groups as one while they go on together.
 */
export interface Segments {
  /** The segments of entry `e` are [entry[e], entry[e + 1]). */
  readonly entry: Int32Array;
  /** The groups of segment `s` are `groups[first[s]]` up to `groups[first[s + 1]]` (exclusive). */
  readonly first: Int32Array;
  readonly groups: Int32Array;
  /** Same number, same groups in the same order: a group's own number when it is alone. */
  readonly set: Int32Array;
  readonly form: Uint8Array;
  /** The token characters the window covers (`end` exclusive). */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** How many set numbers there are. */
  readonly sets: number;
}

/** The windows of one index, read by every scan; made by `WindowTableBuilder.build`. */
export class WindowTable {
  readonly length: number;
  /** What the character leaving a window contributed to its hashes. */
  readonly dropA: number;
  readonly dropB: number;

  constructor(
    readonly slots: WindowSlots,
    /** Whether ASCII letters of a scanned text are compared in lower case (the windows are in lower case). */
    readonly fold: boolean,
    readonly segments: Segments,
    /** One bit per class of hashes that some window has: most positions of a scan stop here. */
    readonly filter: Uint32Array,
    readonly filterShift: number,
  ) {
    this.length = slots.length;
    ({ dropA: this.dropA, dropB: this.dropB } = new RollingHash(slots.length));
  }

  /** The entry of the window of `text` at `at` (hashes `a`, `b`), or -1 when it is no window. */
  find(text: string, at: number, a: number, b: number): number {
    return this.slots.find(a, b, text, at, this.fold);
  }

  /** Whether the entry's window holds a `%`: only then does a url-encoded window prove an encoding. */
  hasPercent(entry: number): boolean {
    return this.slots.hasPercent(entry);
  }

  /** Every window with its needles as [group, form, tokenStart, tokenEnd], in the order added. */
  *windows(): Generator<[string, [number, number, number, number][]]> {
    const { entry, first, groups, form, start, end } = this.segments;
    for (let at = 0; at < this.slots.count; at++) {
      const needles: [number, number, number, number][] = [];
      for (let segment = entry[at] ?? 0; segment < (entry[at + 1] ?? 0); segment++) {
        for (let id = first[segment] ?? 0; id < (first[segment + 1] ?? 0); id++) {
          needles.push([groups[id] ?? 0, form[segment] ?? 0, start[segment] ?? 0, end[segment] ?? 0]);
        }
      }
      yield [this.slots.text(at), needles];
    }
  }
}
