import { BASE_A, BASE_B, DROP_A, DROP_B, fingerprint, isTokenChar, WINDOW } from './window-hash.js';

/**
 * Which 16-character windows of a token are kept, by winnowing: of every `BLOCK` consecutive windows
 * of a run of token characters, the one whose low hash half is smallest (the last of equals). A string
 * is scanned the same way, so any piece of `WINDOW + BLOCK - 1` (23) characters, which holds a whole
 * block, meets the window both sides chose, wherever it sits. Looking up only chosen windows costs a
 * scan about a quarter of the lookups of trying every window (each a likely cache miss in a real
 * process). Windows at the ends of runs and next to dots are kept as well, for shorter pieces that start
 * or end a segment.
 */
export const BLOCK = 8;
/** Longest token fingerprinted: beyond it a token is cut (its start and end are still covered). */
const MAX_TOKEN_CHARS = 16_384;
const DOT = 0x2e;

/** The hashes of the windows of `text[start, end)`, a run of token characters of `WINDOW` or more. */
function runHashes(text: string, start: number, end: number): { high: Int32Array; low: Int32Array } {
  const count = end - start - WINDOW + 1;
  const high = new Int32Array(count);
  const low = new Int32Array(count);
  let a = 0;
  let b = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (i - start >= WINDOW) {
      const out = text.charCodeAt(i - WINDOW);
      a = (a - Math.imul(out, DROP_A)) | 0;
      b = (b - Math.imul(out, DROP_B)) | 0;
    }
    a = (Math.imul(a, BASE_A) + code) | 0;
    b = (Math.imul(b, BASE_B) + code) | 0;
    const window = i + 1 - start - WINDOW;
    if (window >= 0) {
      high[window] = a;
      low[window] = b;
    }
  }
  return { high, low };
}

/** Marks the windows of one run that are kept: block minima, the run's ends and windows next to dots. */
function chosenWindows(text: string, start: number, low: Int32Array): Uint8Array {
  const count = low.length;
  const chosen = new Uint8Array(count);
  for (let window = 0; window < count; window++) {
    const from = start + window;
    if (
      window === 0 ||
      window === count - 1 ||
      text.charCodeAt(from - 1) === DOT ||
      text.charCodeAt(from + WINDOW) === DOT
    ) {
      chosen[window] = 1;
    }
  }
  // The definition, written plainly (this runs once per new token); the scan in piece-scan.ts
  // reaches the same windows with a running minimum.
  for (let first = 0; first + BLOCK <= count; first++) {
    let best = first;
    for (let window = first + 1; window < first + BLOCK; window++) {
      if ((low[window] as number) >>> 0 <= (low[best] as number) >>> 0) best = window;
    }
    chosen[best] = 1;
  }
  return chosen;
}

/**
 * The fingerprints a token leaves, as pairs of 32-bit halves (`[high, low, high, low, ...]`). A token
 * may hold characters outside the alphabet (it need not be valid): each run of token characters is
 * winnowed on its own.
 */
export function tokenPrints(token: string): number[] {
  const prints: number[] = [];
  const text = token.length > MAX_TOKEN_CHARS ? token.slice(0, MAX_TOKEN_CHARS) : token;
  const length = text.length;
  for (let start = 0; start < length; ) {
    if (!isTokenChar(text.charCodeAt(start))) {
      start++;
      continue;
    }
    let end = start + 1;
    while (end < length && isTokenChar(text.charCodeAt(end))) end++;
    if (end - start >= WINDOW) {
      const { high, low } = runHashes(text, start, end);
      const chosen = chosenWindows(text, start, low);
      for (let window = 0; window < chosen.length; window++) {
        if (chosen[window] === 1) prints.push((high[window] as number) >>> 0, (low[window] as number) >>> 0);
      }
    }
    start = end;
  }
  if (token.length > MAX_TOKEN_CHARS) prints.push(...tokenPrints(token.slice(-WINDOW)));
  return prints;
}

/** Identifies a token by its length and last 16 characters (the end of its signature). */
export function tailPrint(token: string): number {
  let a = token.length;
  let b = token.length;
  for (let i = token.length - WINDOW; i < token.length; i++) {
    const code = token.charCodeAt(i);
    a = (Math.imul(a, BASE_A) + code) | 0;
    b = (Math.imul(b, BASE_B) + code) | 0;
  }
  return fingerprint(a, b);
}
