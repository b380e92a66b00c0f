import type { FingerprintTable } from './fingerprint-table.js';
import { BLOCK } from './token-prints.js';
import { BASE_A, BASE_B, DROP_A, DROP_B, PRINT_WINDOW, TOKEN_CHAR } from './window-hash.js';

/**
 * The scan side of the winnowing in token-prints.ts: the windows of a string a token would have kept
 * if the string were part of it (block minima, run ends, windows next to dots) are looked up, and no
 * others. The block minimum is kept as a running minimum (a queue of at most `BLOCK` windows whose low
 * halves rise from front to back), so each window costs a few steps. Written out as one loop: it runs
 * on every long string of every span while tokens are remembered.
 */
const DOT = 0x2e;
const MASK = BLOCK - 1;
/** The queue, as a ring: window start, low half made signed-comparable, high half. */
const QUEUE_START = new Int32Array(BLOCK);
const QUEUE_KEY = new Int32Array(BLOCK);
const QUEUE_HIGH = new Int32Array(BLOCK);

/** Whether `text[from, to)` holds a window of a remembered token (one of `table`'s fingerprints). */
export function holdsStoredWindow(table: FingerprintTable, text: string, from: number, to: number): boolean {
  let a = 0;
  let b = 0;
  let runStart = from;
  let head = 0;
  let size = 0;
  /** Start of the block minimum looked up last, so a minimum that stays is looked up once. */
  let lastMinimum = -1;
  for (let i = from; i <= to; i++) {
    const code = i < to ? text.charCodeAt(i) : -1;
    if (code < 0 || code >= 128 || TOKEN_CHAR[code] !== 1) {
      // The run's last window ends here (its halves are the current ones).
      if (i - runStart >= PRINT_WINDOW && table.has(a >>> 0, b >>> 0)) return true;
      a = 0;
      b = 0;
      runStart = i + 1;
      size = 0;
      lastMinimum = -1;
      continue;
    }
    if (i - runStart >= PRINT_WINDOW) {
      const out = text.charCodeAt(i - PRINT_WINDOW);
      a = (a - Math.imul(out, DROP_A)) | 0;
      b = (b - Math.imul(out, DROP_B)) | 0;
    }
    a = (Math.imul(a, BASE_A) + code) | 0;
    b = (Math.imul(b, BASE_B) + code) | 0;
    const start = i + 1 - PRINT_WINDOW;
    if (start < runStart) continue;
    // The first window of a run, and windows that begin after or end before a dot (segment ends).
    if (
      (start === runStart ||
        text.charCodeAt(start - 1) === DOT ||
        (i + 1 < to && text.charCodeAt(i + 1) === DOT)) &&
      table.has(a >>> 0, b >>> 0)
    ) {
      return true;
    }
    // Running minimum of the last BLOCK windows by unsigned low half; the last of equals wins.
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
    if (start - runStart + 1 >= BLOCK && QUEUE_START[head] !== lastMinimum) {
      lastMinimum = QUEUE_START[head] as number;
      if (table.has((QUEUE_HIGH[head] as number) >>> 0, ((QUEUE_KEY[head] as number) ^ 0x80000000) >>> 0)) {
        return true;
      }
    }
  }
  return false;
}
