import { BASE_A, BASE_B, DROP_A, DROP_B, isTokenChar, PRINT_WINDOW } from './window-hash.js';

/**
 * Which 16-character windows of a token are kept, by winnowing: of every `BLOCK` consecutive windows
 * of a run of token characters, the one whose low hash half is smallest (the last of equals). A string
 * is scanned the same way, so any piece of `PRINT_WINDOW + BLOCK - 1` (23) characters, which holds a whole
 * block, meets the window both sides chose, wherever it sits. Looking up only chosen windows costs a
 * scan about a quarter of the lookups of trying every window (each a likely cache miss in a real
 * process). Windows at the ends of runs and next to dots are kept as well, for shorter pieces that start
 * or end a segment.
 */
export const BLOCK = 8;
/** Longest token fingerprinted: beyond it a token is cut (its start and end are still covered). */
export const MAX_TOKEN_CHARS = 16_384;

/** Scratch, reused by every call (the event loop runs one at a time), per window of a run. */
const HIGH = new Int32Array(MAX_TOKEN_CHARS);
/** The low half made signed-comparable (`^ 0x80000000`), so minima compare 32-bit integers. */
const KEY = new Int32Array(MAX_TOKEN_CHARS);
const CHOSEN = new Uint8Array(MAX_TOKEN_CHARS);
/**
 * Output scratch: at most one fingerprint per window, two halves each, for the token and then its bytes
 * (see {@link rememberedPrints}).
 */
const OUT = new Uint32Array(4 * (MAX_TOKEN_CHARS + PRINT_WINDOW));
const SIGN = 0x80000000;

/** Where the next dot of the token being fingerprinted is (its length when there is none). */
let nextDot = 0;

function dotFrom(text: string, from: number): number {
  const dot = text.indexOf('.', from);
  return dot < 0 ? text.length : dot;
}

/**
 * Hashes the windows of `text[start, end)`, a run of token characters of `PRINT_WINDOW` or more, marks those
 * kept (block minima, the run's ends, windows next to dots) and writes their halves to `OUT` from
 * `at`; returns where it stopped. Linear in the run.
 */
function winnowRun(text: string, start: number, end: number, at: number): number {
  const count = end - start - PRINT_WINDOW + 1;
  let a = 0;
  let b = 0;
  // The first window's characters, then one character in and one out per window.
  const first = start + PRINT_WINDOW - 1;
  for (let i = start; i < first; i++) {
    const code = text.charCodeAt(i);
    a = (Math.imul(a, BASE_A) + code) | 0;
    b = (Math.imul(b, BASE_B) + code) | 0;
  }
  for (let i = first, window = 0; i < end; i++, window++) {
    if (window > 0) {
      const out = text.charCodeAt(i - PRINT_WINDOW);
      a = (a - Math.imul(out, DROP_A)) | 0;
      b = (b - Math.imul(out, DROP_B)) | 0;
    }
    const code = text.charCodeAt(i);
    a = (Math.imul(a, BASE_A) + code) | 0;
    b = (Math.imul(b, BASE_B) + code) | 0;
    HIGH[window] = a;
    KEY[window] = b ^ SIGN;
  }
  CHOSEN.fill(0, 0, count);
  CHOSEN[0] = 1;
  CHOSEN[count - 1] = 1;
  // The window right after each dot, and the one ending right before it. The search goes on from where
  // the last run's stopped, so a token of many short runs is searched once, not once per run.
  if (nextDot < start) nextDot = dotFrom(text, start);
  for (; nextDot < end; nextDot = dotFrom(text, nextDot + 1)) {
    if (nextDot + 1 - start < count) CHOSEN[nextDot + 1 - start] = 1;
    if (nextDot - PRINT_WINDOW - start >= 0) CHOSEN[nextDot - PRINT_WINDOW - start] = 1;
  }
  markBlockMinima(count);
  let next = at;
  for (let window = 0; window < count; window++) {
    if (CHOSEN[window] !== 1) continue;
    OUT[next++] = HIGH[window] as number;
    OUT[next++] = (KEY[window] as number) ^ SIGN;
  }
  return next;
}

/**
 * Marks, of every `BLOCK` consecutive windows, the one of smallest key, the last of equals. The minimum
 * of one block stays the minimum of the next unless it just left (then the new block is read whole) or
 * the window that came in is as small: one comparison per window most of the time, and a whole block
 * read about once in `(BLOCK + 1) / 2` windows for random keys.
 */
function markBlockMinima(count: number): void {
  let best = -1;
  for (let first = 0, last = BLOCK - 1; last < count; first++, last++) {
    if (best < first) {
      best = first;
      for (let window = first + 1; window <= last; window++) {
        if ((KEY[window] as number) <= (KEY[best] as number)) best = window;
      }
    } else if ((KEY[last] as number) <= (KEY[best] as number)) {
      best = last;
    }
    CHOSEN[best] = 1;
  }
}

/** 1 for the bytes decoded text is read in (printable ASCII, space to `~`): see {@link bytePrints}. */
export const PRINTABLE = new Uint8Array(256);
PRINTABLE.fill(1, 0x20, 0x7f);

/**
 * The fingerprints of the token's UTF-8 bytes read as decoded text is (decoded-scan.ts): each run of
 * printable ASCII winnowed whole, without the windows next to dots. Empty for a token made only of
 * token characters, whose one run the token's own fingerprints already cover window for window; for
 * any other, they let a piece of 23+ bytes be found in base64, hex or percent-encoded text even where
 * it holds spaces, quotes or other punctuation. Linear in the token, at most {@link MAX_TOKEN_CHARS}
 * bytes of it.
 */
export function bytePrints(token: string): Uint32Array {
  return PLAIN.test(token) ? NONE : OUT.slice(0, bytePrintsFrom(token, 0));
}

/** Writes {@link bytePrints} to `OUT` from `at` and returns where they end. */
function bytePrintsFrom(token: string, from: number): number {
  const bytes = Buffer.from(token, 'utf8');
  const text = bytes.toString('latin1', 0, Math.min(bytes.length, MAX_TOKEN_CHARS));
  // No dot is marked: the next one is past the end.
  nextDot = text.length;
  let at = from;
  for (let start = 0; start < text.length; ) {
    if (PRINTABLE[text.charCodeAt(start)] !== 1) {
      start++;
      continue;
    }
    let end = start + 1;
    while (end < text.length && PRINTABLE[text.charCodeAt(end)] === 1) end++;
    if (end - start >= PRINT_WINDOW) at = winnowRun(text, start, end, at);
    start = end;
  }
  return at;
}

/** A token made only of token characters (as every compact JWS is): one run, and no byte prints. */
const PLAIN = /^[A-Za-z0-9_.-]*$/;
const NONE = new Uint32Array(0);

/**
 * The fingerprints a token leaves, as pairs of 32-bit halves (`[high, low, high, low, ...]`), each
 * window once. A token may hold characters outside the alphabet (it need not be valid): each run of
 * token characters is winnowed on its own. Linear in the token, at most {@link MAX_TOKEN_CHARS} of it.
 */
export function tokenPrints(token: string): Uint32Array {
  return OUT.slice(0, printsOf(token, token.length <= MAX_TOKEN_CHARS && PLAIN.test(token)));
}

/**
 * What seen-tokens.ts remembers of a credential: its {@link tokenPrints}, then its {@link bytePrints},
 * as a view of scratch memory that the next call into this module overwrites (the caller copies it).
 * The character check both need is made once: a plain token is one run and has no byte prints.
 */
export function rememberedPrints(token: string): Uint32Array {
  const plain = PLAIN.test(token);
  const own = printsOf(token, plain && token.length <= MAX_TOKEN_CHARS);
  return OUT.subarray(0, plain ? own : bytePrintsFrom(token, own));
}

/** Writes the token's fingerprints to `OUT` from its start and returns how many halves it wrote. */
function printsOf(token: string, oneRun: boolean): number {
  nextDot = -1;
  if (oneRun) return token.length >= PRINT_WINDOW ? winnowRun(token, 0, token.length, 0) : 0;
  const text = token.length > MAX_TOKEN_CHARS ? token.slice(0, MAX_TOKEN_CHARS) : token;
  const length = text.length;
  let at = 0;
  for (let start = 0; start < length; ) {
    if (!isTokenChar(text.charCodeAt(start))) {
      start++;
      continue;
    }
    let end = start + 1;
    while (end < length && isTokenChar(text.charCodeAt(end))) end++;
    if (end - start >= PRINT_WINDOW) at = winnowRun(text, start, end, at);
    start = end;
  }
  // A cut token keeps its last window too (the end of its signature).
  if (token.length > MAX_TOKEN_CHARS) {
    const last = token.slice(-PRINT_WINDOW);
    let clean = true;
    for (let i = 0; i < PRINT_WINDOW; i++) if (!isTokenChar(last.charCodeAt(i))) clean = false;
    if (clean) {
      nextDot = -1;
      at = winnowRun(last, 0, PRINT_WINDOW, at);
    }
  }
  return at;
}
