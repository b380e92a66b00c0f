import { BASE_A, BASE_B, DROP_A, DROP_B, fingerprint, isTokenChar, WINDOW } from './window-hash.js';

/** Fingerprints are kept at every STRIDE-th window of a token, and at segment boundaries. */
export const STRIDE = 8;
/** Longest token fingerprinted: beyond it a token is cut (its start and end are still covered). */
const MAX_TOKEN_CHARS = 16_384;

/**
 * Calls `visit(end, fingerprint)` for every 16-character window inside runs of token characters of
 * `text[from, to)`, `end` being the index after the window, until `visit` returns true. Linear.
 */
function forEachWindow(
  text: string,
  from: number,
  to: number,
  visit: (end: number, a: number, b: number) => boolean,
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
    if (i + 1 - runStart >= WINDOW && visit(i + 1, a >>> 0, b >>> 0)) return true;
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

/**
 * The fingerprints a token leaves, as pairs of 32-bit halves (`[high, low, high, low, ...]`): aligned
 * windows and those at segment boundaries.
 */
export function tokenPrints(token: string): number[] {
  const prints: number[] = [];
  const text = token.length > MAX_TOKEN_CHARS ? token.slice(0, MAX_TOKEN_CHARS) : token;
  // A token may hold characters outside the alphabet (it need not be valid): windows restart there.
  let runStart = 0;
  forEachWindow(text, 0, text.length, (end, a, b) => {
    const start = end - WINDOW;
    if (start > 0 && !isTokenChar(text.charCodeAt(start - 1))) runStart = start;
    if ((start - runStart) % STRIDE === 0 || boundary(text, start) || !isTokenChar(text.charCodeAt(end))) {
      prints.push(a, b);
    }
    return false;
  });
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
