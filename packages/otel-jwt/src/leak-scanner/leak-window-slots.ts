import { grown } from './leak-array-growth.js';
import { folded } from './leak-window-hash.js';

/**
 * The distinct windows of an index in typed arrays: an open-addressing table by their two rolling
 * hashes. A window is kept as where it lies in a source text (an encoding of a token) and compared
 * character by character on a hash match, so lookups are exact whatever the hashes do, and no window
 * is ever cut out as a string. Against a `Map` of window strings this costs a fraction of the memory.
 */
const INITIAL = 1024;
/** A window's record: both hashes, its source, and its offset there (times 2, plus 1 if it holds a `%`). */
const RECORD = 4;

function slotMix(a: number, b: number): number {
  return Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1);
}

export class WindowSlots {
  /** Texts the windows are read from: an entry names one by index and the window's offset in it. */
  readonly #sources: string[] = [];
  /** One record per entry, side by side, so a lookup reads one cache line of them. */
  #records = new Int32Array(RECORD * INITIAL);
  count = 0;
  /**
   * Two numbers per slot: entry + 1 (0: empty) and the entry's first hash, side by side so a probe
   * reads one cache line. At most half the slots are used.
   */
  #slots = new Int32Array(4 * INITIAL);
  #shift = 32 - Math.log2(2 * INITIAL);
  /**
   * 1 for the ASCII characters some window holds, and whether a window holds any other: a window of a
   * scanned text with another character cannot match, so the scan skips it without hashing.
   */
  readonly ascii = new Uint8Array(128);
  nonAscii = false;

  constructor(
    /** Length of every window. */
    readonly length: number,
  ) {}

  /** Registers a text that windows will be read from; returns its number for {@link insert}. */
  source(text: string): number {
    for (let at = 0; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code < 128) this.ascii[code] = 1;
      else this.nonAscii = true;
    }
    this.#sources.push(text);
    return this.#sources.length - 1;
  }

  /** The entry's hashes. */
  hashA(entry: number): number {
    return this.#records[RECORD * entry] ?? 0;
  }

  hashB(entry: number): number {
    return this.#records[RECORD * entry + 1] ?? 0;
  }

  /** Whether the entry's window holds a whole percent escape (a `%` with both digits after it). */
  hasPercent(entry: number): boolean {
    return ((this.#records[RECORD * entry + 3] ?? 0) & 1) === 1;
  }

  /** The window of an entry, as text (for tests and debugging). */
  text(entry: number): string {
    const offset = (this.#records[RECORD * entry + 3] ?? 0) >>> 1;
    const source = this.#sources[this.#records[RECORD * entry + 2] ?? 0] ?? '';
    return source.slice(offset, offset + this.length);
  }

  /**
   * The entry of the window of `text` at `at` (hashes `a`, `b`; ASCII letters of `text` in lower case
   * when `fold`), or -1.
   */
  find(a: number, b: number, text: string, at: number, fold: boolean): number {
    const slots = this.#slots;
    const mask = (slots.length >>> 1) - 1;
    for (let slot = slotMix(a, b) >>> this.#shift; ; slot = (slot + 1) & mask) {
      const entry = (slots[2 * slot] ?? 0) - 1;
      if (entry < 0) return -1;
      if (slots[2 * slot + 1] === a && this.#records[RECORD * entry + 1] === b) {
        if (this.#same(entry, text, at, fold)) return entry;
      }
    }
  }

  /** The entry of the window at `offset` of source `source` (hashes `a`, `b`), or -1. */
  findSource(a: number, b: number, source: number, offset: number): number {
    return this.find(a, b, this.#sources[source] ?? '', offset, false);
  }

  /** Adds the window at `offset` of source `source`, known not to be there yet; returns its entry. */
  insert(a: number, b: number, source: number, offset: number): number {
    const entry = this.count++;
    this.#records = grown(this.#records, RECORD * (entry + 1));
    const text = this.#sources[source] ?? '';
    // Only a whole escape proves the encoding: a `%` in the last two places may be cut (`...6%` then junk).
    let percent = 0;
    for (let i = offset; i < offset + this.length - 2; i++) if (text.charCodeAt(i) === 0x25) percent = 1;
    const records = this.#records;
    records[RECORD * entry] = a;
    records[RECORD * entry + 1] = b;
    records[RECORD * entry + 2] = source;
    records[RECORD * entry + 3] = offset * 2 + percent;
    if (4 * this.count > this.#slots.length) this.#rehash(this.#slots.length);
    else this.#place(entry);
    return entry;
  }

  #same(entry: number, text: string, at: number, fold: boolean): boolean {
    const source = this.#sources[this.#records[RECORD * entry + 2] ?? 0] ?? '';
    const offset = (this.#records[RECORD * entry + 3] ?? 0) >>> 1;
    for (let i = 0; i < this.length; i++) {
      const code = text.charCodeAt(at + i);
      if ((fold ? folded(code) : code) !== source.charCodeAt(offset + i)) return false;
    }
    return true;
  }

  #place(entry: number): void {
    const mask = (this.#slots.length >>> 1) - 1;
    const a = this.hashA(entry);
    let slot = slotMix(a, this.hashB(entry)) >>> this.#shift;
    while (this.#slots[2 * slot] !== 0) slot = (slot + 1) & mask;
    this.#slots[2 * slot] = entry + 1;
    this.#slots[2 * slot + 1] = a;
  }

  /** Doubles the slots. */
  #rehash(size: number): void {
    this.#slots = new Int32Array(2 * size);
    this.#shift = 32 - Math.log2(size);
    for (let entry = 0; entry < this.count; entry++) this.#place(entry);
  }
}
