/**
 * Fingerprints of the tokens this process has seen recently, so redaction can find a piece of one in
 * any string without keeping tokens in clear. Each token leaves the fingerprints of its 16-character
 * windows (dots included) at every `STRIDE`-th offset, at the start and end of each segment and at its
 * end. A string holds token material when one of its own 16-character windows (at any offset) has a
 * stored fingerprint: that finds the token, every segment, every 16+ character piece that starts or
 * ends a segment, and any piece of `WINDOW + STRIDE - 1` (23) or more characters.
 */
const WINDOW = 16;
const STRIDE = 8;
/** Tokens remembered; the oldest is forgotten first. About 80 fingerprints (≈ 3 KB) each. */
export const SEEN_TOKEN_CAPACITY = 1024;
/** Longest token fingerprinted: beyond it a token is cut (its start and end are still covered). */
const MAX_TOKEN_CHARS = 16_384;
const FILTER_BITS = 20;

/** Characters of a compact JWS/JWE: base64url and the dots between segments. */
function isTokenChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2d ||
    code === 0x5f ||
    code === 0x2e
  );
}

/**
 * Two polynomial rolling hashes with per-process random bases, joined into one 53-bit number: the
 * bases are secret, so a client cannot craft strings that collide with a token's windows.
 */
function randomOddBase(): number {
  return (Math.floor(Math.random() * 0x7fffffff) * 2 + 1) >>> 0;
}
const BASE_A = randomOddBase();
const BASE_B = randomOddBase();

function power(base: number, exponent: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i++) result = Math.imul(result, base);
  return result;
}
const DROP_A = power(BASE_A, WINDOW - 1);
const DROP_B = power(BASE_B, WINDOW - 1);

function fingerprint(a: number, b: number): number {
  return (a >>> 0) * 0x200000 + (b >>> 11);
}

/**
 * Calls `visit(end, fingerprint)` for every 16-character window inside runs of token characters of
 * `text[from, to)`, `end` being the index after the window, until `visit` returns true. Linear.
 */
function forEachWindow(
  text: string,
  from: number,
  to: number,
  visit: (end: number, print: number) => boolean,
): boolean {
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
    if (i + 1 - runStart >= WINDOW && visit(i + 1, fingerprint(a, b))) return true;
  }
  return false;
}

/** Whether a window starting at `start` of `text` begins or ends a segment (or the text). */
function boundary(text: string, start: number): boolean {
  const end = start + WINDOW;
  return (
    start === 0 || end === text.length || text.charCodeAt(start - 1) === 0x2e || text.charCodeAt(end) === 0x2e
  );
}

/** The fingerprints a token leaves: aligned windows and those at segment boundaries. */
function tokenPrints(token: string): number[] {
  const prints: number[] = [];
  const text = token.length > MAX_TOKEN_CHARS ? token.slice(0, MAX_TOKEN_CHARS) : token;
  // A token may hold characters outside the alphabet (it need not be valid): windows restart there.
  let runStart = 0;
  forEachWindow(text, 0, text.length, (end, print) => {
    const start = end - WINDOW;
    if (start > 0 && !isTokenChar(text.charCodeAt(start - 1))) runStart = start;
    if ((start - runStart) % STRIDE === 0 || boundary(text, start) || !isTokenChar(text.charCodeAt(end))) {
      prints.push(print);
    }
    return false;
  });
  if (token.length > MAX_TOKEN_CHARS) prints.push(...tokenPrints(token.slice(-WINDOW)));
  return prints;
}

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

  remember(token: string): void {
    if (token.length < WINDOW) return;
    const tail = tailPrint(token);
    if (this.slots.has(tail)) return;
    this.filter ??= new Uint8Array(1 << FILTER_BITS);
    const filter = this.filter;
    const slot = this.next;
    this.next = (slot + 1) % SEEN_TOKEN_CAPACITY;
    this.forget(slot, filter);
    const prints = tokenPrints(token);
    for (const print of prints) {
      this.counts.set(print, (this.counts.get(print) ?? 0) + 1);
      const bucket = print % (1 << FILTER_BITS);
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
      const bucket = print % (1 << FILTER_BITS);
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
        const print = fingerprint(a, b);
        if (filter[print % (1 << FILTER_BITS)] !== 0 && counts.has(print)) return true;
      }
    }
    return false;
  }

  clear(): void {
    this.counts.clear();
    this.slots.clear();
    this.ring.fill(undefined);
    this.filter = undefined;
    this.next = 0;
  }
}

/** Identifies a token by its length and last 16 characters (the end of its signature). */
function tailPrint(token: string): number {
  let a = token.length;
  let b = token.length;
  for (let i = token.length - WINDOW; i < token.length; i++) {
    const code = token.charCodeAt(i);
    a = (Math.imul(a, BASE_A) + code) | 0;
    b = (Math.imul(b, BASE_B) + code) | 0;
  }
  return fingerprint(a, b);
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
