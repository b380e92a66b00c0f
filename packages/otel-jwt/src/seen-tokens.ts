import { FingerprintTable } from './fingerprint-table.js';
import { holdsStoredWindow } from './piece-scan.js';
import { tailPrint, tokenPrints } from './token-prints.js';
import { hasIdWindow, ID_CHAR, TOKEN_CHAR, WINDOW } from './window-hash.js';

/**
 * Fingerprints of the tokens this process has seen recently, so redaction can find a piece of one in
 * any string without keeping tokens in clear. Each token leaves the fingerprints of the 16-character
 * windows (dots included) that winnowing chooses, plus those at the ends of its segments
 * (token-prints.ts); a string is scanned the same way (piece-scan.ts). That finds the token, every
 * segment, every 16+ character piece that starts or ends a segment and is set off from other token
 * characters (or meets a dot), and any piece of `WINDOW + BLOCK - 1` (23) or more characters.
 */
/** Tokens remembered; the oldest is forgotten first. About one fingerprint per 4 characters each. */
export const SEEN_TOKEN_CAPACITY = 1024;
/** 2^19 slots (5 MB) for up to about 130,000 fingerprints (1,024 tokens of 550 characters): a quarter full. */
const TABLE_BITS = 19;
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
  /** 1 for a slot whose token has 16 id characters in a row (window-hash.ts), and how many such. */
  private readonly idWindows = new Uint8Array(SEEN_TOKEN_CAPACITY);
  private tokensWithIdWindows = 0;
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
    if (hasIdWindow(token)) {
      this.idWindows[slot] = 1;
      this.tokensWithIdWindows++;
    }
  }

  private forget(slot: number, table: FingerprintTable): void {
    const prints = this.ring[slot];
    if (prints === undefined) return;
    for (let i = 0; i < prints.length; i += 2) table.remove(prints[i] as number, prints[i + 1] as number);
    this.slots.delete(this.tails[slot] ?? -1);
    this.ring[slot] = undefined;
    if (this.idWindows[slot] === 1) {
      this.idWindows[slot] = 0;
      this.tokensWithIdWindows--;
    }
  }

  /** Whether any token is remembered: when none is, callers can skip the scan. */
  get active(): boolean {
    return this.table !== undefined;
  }

  /**
   * One pass over `text` answering the redaction's cheap questions, as flags: a `=` (query
   * parameters), a `"` (JSON members), a window of a remembered token, an `eyJ` (a JWT may start
   * there). Text with none of them needs nothing more; this runs on every string of every span.
   * A run made only of id characters (a UUID, a trace id) cannot hold a window of a token that has no
   * 16 of them in a row, which is almost every token: such runs are not hashed while that holds.
   */
  survey(text: string): number {
    let flags = text.includes('eyJ') ? MAY_BE_SHAPED : 0;
    const length = text.length;
    const skipIds = this.tokensWithIdWindows === 0;
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
      let ids = ID_CHAR[code] as number;
      while (end < length) {
        const next = text.charCodeAt(end);
        if (next >= 128 || TOKEN_CHAR[next] !== 1) break;
        ids &= ID_CHAR[next] as number;
        end++;
      }
      if (
        end - at >= WINDOW &&
        (flags & HOLDS_SEEN_PIECE) === 0 &&
        !(skipIds && ids === 1) &&
        this.holdsPiece(text, at, end)
      ) {
        flags |= HOLDS_SEEN_PIECE;
      }
      at = end;
    }
    return flags;
  }

  /** Whether `text[from, to)` holds a piece of a remembered token (piece-scan.ts). */
  holdsPiece(text: string, from = 0, to = text.length): boolean {
    const table = this.table;
    if (table === undefined || to - from < WINDOW) return false;
    return holdsStoredWindow(table, text, from, to);
  }

  clear(): void {
    this.generation++;
    this.slots.clear();
    this.ring.fill(undefined);
    this.idWindows.fill(0);
    this.tokensWithIdWindows = 0;
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
