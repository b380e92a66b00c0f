import { tailPrint, tokenPrints } from './token-prints.js';
import {
  BASE_A,
  BASE_B,
  bucketOf,
  bucketOfHash,
  DROP_A,
  DROP_B,
  FILTER_BITS,
  fingerprint,
  isTokenChar,
  TOKEN_CHAR,
  WINDOW,
} from './window-hash.js';

/**
 * Fingerprints of the tokens this process has seen recently, so redaction can find a piece of one in
 * any string without keeping tokens in clear. Each token leaves the fingerprints of its 16-character
 * windows (dots included) at every `STRIDE`-th offset, at the start and end of each segment and at its
 * end. A string holds token material when one of its own 16-character windows (at any offset) has a
 * stored fingerprint: that finds the token, every segment, every 16+ character piece that starts or
 * ends a segment, and any piece of `WINDOW + STRIDE - 1` (23) or more characters (token-prints.ts).
 */
/** Tokens remembered; the oldest is forgotten first. About 80 fingerprints (≈ 3 KB) each. */
export const SEEN_TOKEN_CAPACITY = 1024;
/** Flags of {@link SeenTokens.survey}. */
export const HAS_EQUALS = 1;
export const HAS_QUOTE = 2;
export const HOLDS_SEEN_PIECE = 4;
export const MAY_BE_SHAPED = 8;

class SeenTokens {
  /** Fingerprint -> how many remembered tokens left it. */
  private readonly counts = new Map<number, number>();
  /** A counting pre-filter (saturating at 255), so most windows of a scanned string skip the map. */
  private filter: Uint8Array | undefined;
  private readonly ring: (number[] | undefined)[] = new Array(SEEN_TOKEN_CAPACITY);
  /** Last-window fingerprint -> ring slot, so a repeated token costs one 16-character hash. */
  private readonly slots = new Map<number, number>();
  private readonly tails: number[] = new Array(SEEN_TOKEN_CAPACITY);
  private next = 0;

  /**
   * Changes whenever a token is added (or all are forgotten): a string judged clean at an earlier
   * generation may hold a piece of a token added since, so it must be judged again.
   */
  generation = 0;

  remember(token: string): void {
    if (token.length < WINDOW) return;
    const tail = tailPrint(token);
    if (this.slots.has(tail)) return;
    this.generation++;
    this.filter ??= new Uint8Array(1 << FILTER_BITS);
    const filter = this.filter;
    const slot = this.next;
    this.next = (slot + 1) % SEEN_TOKEN_CAPACITY;
    this.forget(slot, filter);
    const prints = tokenPrints(token);
    for (const print of prints) {
      this.counts.set(print, (this.counts.get(print) ?? 0) + 1);
      const bucket = bucketOf(print);
      if (filter[bucket] !== 255) filter[bucket] = (filter[bucket] ?? 0) + 1;
    }
    this.ring[slot] = prints;
    this.tails[slot] = tail;
    this.slots.set(tail, slot);
  }

  private forget(slot: number, filter: Uint8Array): void {
    const prints = this.ring[slot];
    if (prints === undefined) return;
    for (const print of prints) {
      const left = (this.counts.get(print) ?? 1) - 1;
      if (left === 0) this.counts.delete(print);
      else this.counts.set(print, left);
      const bucket = bucketOf(print);
      const count = filter[bucket] ?? 0;
      // A saturated bucket stays set: the filter may only err towards a map lookup.
      if (count !== 255 && count > 0) filter[bucket] = count - 1;
    }
    this.slots.delete(this.tails[slot] ?? -1);
    this.ring[slot] = undefined;
  }

  /** Whether any token is remembered: when none is, callers can skip the scan. */
  get active(): boolean {
    return this.filter !== undefined;
  }

  /**
   * One pass over `text` answering the redaction's cheap questions, as flags: a `=` (query
   * parameters), a `"` (JSON members), a window of a remembered token, an `eyJ` (a JWT may start
   * there). Text with none of them needs nothing more; this runs on every string of every span.
   */
  survey(text: string): number {
    const filter = this.filter;
    const counts = this.counts;
    let flags = 0;
    let a = 0;
    let b = 0;
    let runStart = 0;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128 || TOKEN_CHAR[code] !== 1) {
        if (code === 0x3d) flags |= HAS_EQUALS;
        else if (code === 0x22) flags |= HAS_QUOTE;
        a = 0;
        b = 0;
        runStart = i + 1;
        continue;
      }
      if (code === 0x65 && text.charCodeAt(i + 1) === 0x79 && text.charCodeAt(i + 2) === 0x4a) {
        flags |= MAY_BE_SHAPED;
      }
      if (filter === undefined) continue;
      if (i - runStart >= WINDOW) {
        const out = text.charCodeAt(i - WINDOW);
        a = (a - Math.imul(out, DROP_A)) | 0;
        b = (b - Math.imul(out, DROP_B)) | 0;
      }
      a = (Math.imul(a, BASE_A) + code) | 0;
      b = (Math.imul(b, BASE_B) + code) | 0;
      if (i + 1 - runStart >= WINDOW && filter[bucketOfHash(a)] !== 0 && counts.has(fingerprint(a, b))) {
        flags |= HOLDS_SEEN_PIECE;
      }
    }
    return flags;
  }

  /**
   * Whether `text[from, to)` holds a window of a remembered token. The rolling hash is written out
   * here rather than through `forEachWindow`: this runs on every long attribute of every span.
   */
  holdsPiece(text: string, from = 0, to = text.length): boolean {
    const filter = this.filter;
    if (filter === undefined || to - from < WINDOW) return false;
    const counts = this.counts;
    let a = 0;
    let b = 0;
    let runStart = from;
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      if (!isTokenChar(code)) {
        a = 0;
        b = 0;
        runStart = i + 1;
        continue;
      }
      if (i - runStart >= WINDOW) {
        const out = text.charCodeAt(i - WINDOW);
        a = (a - Math.imul(out, DROP_A)) | 0;
        b = (b - Math.imul(out, DROP_B)) | 0;
      }
      a = (Math.imul(a, BASE_A) + code) | 0;
      b = (Math.imul(b, BASE_B) + code) | 0;
      if (i + 1 - runStart >= WINDOW) {
        // The 53-bit fingerprint is made only for the few windows the filter lets through.
        if (filter[bucketOfHash(a)] !== 0 && counts.has(fingerprint(a, b))) return true;
      }
    }
    return false;
  }

  clear(): void {
    this.generation++;
    this.counts.clear();
    this.slots.clear();
    this.ring.fill(undefined);
    this.filter = undefined;
    this.next = 0;
  }
}

/**
 * One registry per process, shared by every copy of the package (an ESM and a CJS copy may both be
 * loaded), because a token one component saw must be redacted wherever it shows up. The instance
 * hashes with its own module's code, so copies agree; the key is versioned should that code change.
 */
const GLOBAL_KEY = Symbol.for('otel-jwt.seen-tokens.v1');
const holder = globalThis as { [GLOBAL_KEY]?: SeenTokens };
holder[GLOBAL_KEY] ??= new SeenTokens();
export const seenTokens: SeenTokens = holder[GLOBAL_KEY];
export type { SeenTokens };
