import { BASE_A, BASE_B, DROP_A, DROP_B, fingerprint, isTokenChar, WINDOW } from './window-hash.js';

/** Fingerprints are kept at every STRIDE-th window of a token, and at segment boundaries. */
export const STRIDE = 8;
/** Longest token fingerprinted: beyond it a token is cut (its start and end are still covered). */
const MAX_TOKEN_CHARS = 16_384;

/** Whether a window starting at `start` of `text` begins or ends a segment (or the text). */
function boundary(text: string, start: number): boolean {
  const end = start + WINDOW;
  return (
    start === 0 || end === text.length || text.charCodeAt(start - 1) === 0x2e || text.charCodeAt(end) === 0x2e
  );
}

/**
 * The fingerprints a token leaves, as pairs of 32-bit halves (`[high, low, high, low, ...]`): aligned
 * windows and those at segment boundaries. Written out as one loop (no callback): it runs for every new
 * token a service sees.
 */
export function tokenPrints(token: string): number[] {
  const prints: number[] = [];
  const text = token.length > MAX_TOKEN_CHARS ? token.slice(0, MAX_TOKEN_CHARS) : token;
  const length = text.length;
  let a = 0;
  let b = 0;
  // A token may hold characters outside the alphabet (it need not be valid): windows restart there.
  let runStart = 0;
  for (let i = 0; i < length; i++) {
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
    const end = i + 1;
    const start = end - WINDOW;
    if (start < runStart) continue;
    if ((start - runStart) % STRIDE === 0 || boundary(text, start) || !isTokenChar(text.charCodeAt(end))) {
      prints.push(a >>> 0, b >>> 0);
    }
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
