import type { FingerprintTable } from './fingerprint-table.js';
import { BLOCK, PRINTABLE } from './token-prints.js';
import { BASE_A, BASE_B, DROP_A, DROP_B, PRINT_WINDOW, TOKEN_CHAR } from './window-hash.js';

/**
 * The scan of what encoded text decodes to (encoded-runs.ts: base64, hex, percent escapes), as bytes.
 * Each run of printable ASCII is winnowed as a token's bytes were (token-prints.ts, `bytePrints`), so a
 * piece of `PRINT_WINDOW + BLOCK - 1` (23) bytes or more is found whatever characters the token has.
 * Within such a run, the runs of token characters are read by the raw rules of piece-scan.ts (their
 * first and last windows, windows next to dots), so a piece of 16 or more that starts or ends a segment
 * and stands apart (`user:` before it, a quote after it) is found as it would be in plain text.
 */
const DOT = 0x2e;
const MASK = BLOCK - 1;
/** Shortest JWT shape: a 16-character header, a dot, 16 more characters. */
const SHAPE_BYTES = 2 * PRINT_WINDOW + 1;
const QUEUE_START = new Int32Array(BLOCK);
const QUEUE_KEY = new Int32Array(BLOCK);
const QUEUE_HIGH = new Int32Array(BLOCK);

function isTokenByte(code: number): boolean {
  return code < 128 && TOKEN_CHAR[code] === 1;
}

/** Whether `bytes[from, to)`, a run of printable bytes, holds a window of `table`. Linear in the run. */
function runHoldsWindow(table: FingerprintTable, bytes: Uint8Array, from: number, to: number): boolean {
  let a = 0;
  let b = 0;
  let head = 0;
  let size = 0;
  let lastMinimum = -1;
  /** Start of the run of token characters the current byte is in (past it when it is none). */
  let tokenStart = from;
  for (let i = from; i < to; i++) {
    const code = bytes[i] as number;
    if (i - from >= PRINT_WINDOW) {
      const out = bytes[i - PRINT_WINDOW] as number;
      a = (a - Math.imul(out, DROP_A)) | 0;
      b = (b - Math.imul(out, DROP_B)) | 0;
    }
    a = (Math.imul(a, BASE_A) + code) | 0;
    b = (Math.imul(b, BASE_B) + code) | 0;
    if (!isTokenByte(code)) tokenStart = i + 1;
    const start = i + 1 - PRINT_WINDOW;
    if (start < from) continue;
    // The ends of the printable run, and of a run of token characters or a segment inside it.
    let look = start === from || i + 1 === to;
    if (!look && start >= tokenStart) {
      const next = bytes[i + 1] as number;
      look = start === tokenStart || bytes[start - 1] === DOT || next === DOT || !isTokenByte(next);
    }
    if (look && table.has(a >>> 0, b >>> 0)) return true;
    // Running minimum of the last BLOCK windows, as in piece-scan.ts.
    if (size > 0 && (QUEUE_START[head] as number) <= start - BLOCK) {
      head = (head + 1) & MASK;
      size--;
    }
    const key = b ^ 0x80000000;
    while (size > 0 && (QUEUE_KEY[(head + size - 1) & MASK] as number) >= key) size--;
    const tail = (head + size) & MASK;
    QUEUE_START[tail] = start;
    QUEUE_KEY[tail] = key;
    QUEUE_HIGH[tail] = a;
    size++;
    if (start - from + 1 >= BLOCK && QUEUE_START[head] !== lastMinimum) {
      lastMinimum = QUEUE_START[head] as number;
      if (table.has((QUEUE_HIGH[head] as number) >>> 0, ((QUEUE_KEY[head] as number) ^ 0x80000000) >>> 0)) {
        return true;
      }
    }
  }
  return false;
}

function base64urlEnd(bytes: Uint8Array, from: number, to: number): number {
  let end = from;
  while (end < to && isTokenByte(bytes[end] as number) && bytes[end] !== DOT) end++;
  return end;
}

/** The JWT shape of token-material.ts (`looksLikeToken`) in bytes: `eyJ` and 16+, a dot (or two), 16+. */
function runLooksLikeToken(bytes: Uint8Array, from: number, to: number): boolean {
  for (let at = from; at + SHAPE_BYTES <= to; ) {
    if (bytes[at] !== 0x65 || bytes[at + 1] !== 0x79 || bytes[at + 2] !== 0x4a) {
      at++;
      continue;
    }
    const end = base64urlEnd(bytes, at, to);
    if (end - at >= PRINT_WINDOW && end < to && bytes[end] === DOT) {
      const next = end + 1 < to && bytes[end + 1] === DOT ? end + 2 : end + 1;
      if (base64urlEnd(bytes, next, to) - next >= PRINT_WINDOW) return true;
    }
    at = Math.max(end, at + 1);
  }
  return false;
}

/**
 * Whether `bytes[0, length)` holds a piece of a token whose fingerprints `table` holds (none when it is
 * undefined), or JWT-shaped text. Only runs of 16 or more printable bytes are hashed: what random data
 * decodes to seldom has one, so most encoded text costs its decoding and no lookup.
 */
export function decodedHoldsPiece(
  table: FingerprintTable | undefined,
  bytes: Uint8Array,
  length: number,
): boolean {
  for (let start = 0; start < length; ) {
    if (PRINTABLE[bytes[start] as number] !== 1) {
      start++;
      continue;
    }
    let end = start + 1;
    while (end < length && PRINTABLE[bytes[end] as number] === 1) end++;
    if (end - start >= PRINT_WINDOW) {
      if (table !== undefined && runHoldsWindow(table, bytes, start, end)) return true;
      if (end - start >= SHAPE_BYTES && runLooksLikeToken(bytes, start, end)) return true;
    }
    start = end;
  }
  return false;
}
