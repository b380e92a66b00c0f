import { FILTER_SHIFT, FingerprintTable } from './fingerprint-table.js';
import { tailPrint, tokenPrints } from './token-prints.js';
import { BASE_A, BASE_B, DROP_A, DROP_B, TOKEN_CHAR, WINDOW } from './window-hash.js';

/**
 * Fingerprints of the tokens this process has seen recently, so redaction can find a piece of one in
 * any string without keeping tokens in clear. Each token leaves the fingerprints of its 16-character
 * windows (dots included) at every `STRIDE`-th offset, at the start and end of each segment and at its
 * end. A string holds token material when one of its own 16-character windows (at any offset) has a
 * stored fingerprint: that finds the token, every segment, every 16+ character piece that starts or
 * ends a segment, and any piece of `WINDOW + STRIDE - 1` (23) or more characters (token-prints.ts).
 */
/** Tokens remembered; the oldest is forgotten first. About 80 fingerprints each. */
export const SEEN_TOKEN_CAPACITY = 1024;
/** 2^18 slots (2.5 MB) for up to about 80,000 fingerprints: at most a third full. */
const TABLE_BITS = 18;
/** Flags of {@link SeenTokens.survey}. */
export const HAS_EQUALS = 1;
export const HAS_QUOTE = 2;
export const HOLDS_SEEN_PIECE = 4;
export const MAY_BE_SHAPED = 8;

class SeenTokens {
  /** Window fingerprints of the remembered tokens, counted; made on the first token. */
  private table: FingerprintTable | undefined;
  private readonly ring: (number[] | undefined)[] = new Array(SEEN_TOKEN_CAPACITY);
  /** Tail fingerprint -> ring slot, so a repeated token costs one 16-character hash. */
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
    this.table ??= new FingerprintTable(TABLE_BITS);
    const table = this.table;
    const slot = this.next;
    this.next = (slot + 1) % SEEN_TOKEN_CAPACITY;
    this.forget(slot, table);
    // Rebuilding the filter scans the whole table (about a millisecond); it happens once per some
    // thousand new tokens, when enough were forgotten to leave many stale bits.
    if (table.stale) table.compact();
    const prints = tokenPrints(token);
    for (let i = 0; i < prints.length; i += 2) table.add(prints[i] as number, prints[i + 1] as number);
    this.ring[slot] = prints;
    this.tails[slot] = tail;
    this.slots.set(tail, slot);
  }

  private forget(slot: number, table: FingerprintTable): void {
    const prints = this.ring[slot];
    if (prints === undefined) return;
    for (let i = 0; i < prints.length; i += 2) table.remove(prints[i] as number, prints[i + 1] as number);
    this.slots.delete(this.tails[slot] ?? -1);
    this.ring[slot] = undefined;
  }

  /** Whether any token is remembered: when none is, callers can skip the scan. */
  get active(): boolean {
    return this.table !== undefined;
  }

  /**
   * One pass over `text` answering the redaction's cheap questions, as flags: a `=` (query
   * parameters), a `"` (JSON members), a window of a remembered token, an `eyJ` (a JWT may start
   * there). Text with none of them needs nothing more; this runs on every string of every span.
   */
  survey(text: string): number {
    let flags = text.includes('eyJ') ? MAY_BE_SHAPED : 0;
    const length = text.length;
    for (let at = 0; at < length; ) {
      const code = text.charCodeAt(at);
      if (code >= 128 || TOKEN_CHAR[code] !== 1) {
        if (code === 0x3d) flags |= HAS_EQUALS;
        else if (code === 0x22) flags |= HAS_QUOTE;
        at++;
        continue;
      }
      // Find the run first: most runs are words, shorter than a window, and need no hashing.
      let end = at + 1;
      while (end < length) {
        const next = text.charCodeAt(end);
        if (next >= 128 || TOKEN_CHAR[next] !== 1) break;
        end++;
      }
      if (end - at >= WINDOW && (flags & HOLDS_SEEN_PIECE) === 0 && this.holdsPiece(text, at, end)) {
        flags |= HOLDS_SEEN_PIECE;
      }
      at = end;
    }
    return flags;
  }

  /**
   * Whether `text[from, to)` holds a window of a remembered token. The rolling hash is written out
   * here rather than through `forEachWindow`: this runs on every long attribute of every span.
   */
  holdsPiece(text: string, from = 0, to = text.length): boolean {
    const table = this.table;
    if (table === undefined || to - from < WINDOW) return false;
    const filter = table.filter;
    let a = 0;
    let b = 0;
    let runStart = from;
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128 || TOKEN_CHAR[code] !== 1) {
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
      if (i + 1 - runStart < WINDOW) continue;
      // Most windows stop at the filter, tested here rather than through a call.
      const bit = (a >>> FILTER_SHIFT) | 0;
      if (((filter[bit >>> 5] as number) & (1 << (bit & 31))) !== 0 && table.has(a >>> 0, b >>> 0)) {
        return true;
      }
    }
    return false;
  }

  clear(): void {
    this.generation++;
    this.slots.clear();
    this.ring.fill(undefined);
    this.table = undefined;
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
