import type { FingerprintTable } from './fingerprint-table.js';
import { holdsStoredWindow } from './piece-scan.js';
import { PRINTABLE_DIGITS } from './run-decoding.js';
import { PRINT_WINDOW, TOKEN_CHAR } from './window-hash.js';

/** Flags of {@link surveyText}. */
export const HAS_EQUALS = 1;
export const HAS_QUOTE = 2;
export const HOLDS_SEEN_PIECE = 4;
export const MAY_BE_SHAPED = 8;
/** A `%`, or a run that could be base64 of 16 printable bytes or hex of 16 bytes (encoded-runs.ts). */
export const MAY_BE_ENCODED = 16;

/*
 * A base64 run holds 16 printable bytes only in PRINTABLE_DIGITS digits in a row (run-decoding.ts). Its
 * separators (`+`, `/`, `-`, `_`, values 62 and 63) fit only the last place of a group, so two of them
 * in such a stretch stand a multiple of 4 apart: a URL path (`/api/v1/orders/8f14e45f-ceea-...`) has
 * no such stretch, and is not decoded.
 */
/** Hex digits of 16 bytes: a run of token characters without `-`, `_` or `.` that long may be hex. */
const HEX_DIGITS = 2 * PRINT_WINDOW;
/**
 * Per character, 0 for one outside token runs, else 8 (a token character: base64url or a dot) with
 * 1 for an id character (hex digit, dash), 2 for a base64 separator (`-`, `_`), 4 for a dot. One table,
 * so the run loop reads one byte per character.
 */
const KIND = new Uint8Array(128);
for (let code = 0; code < 128; code++) if (TOKEN_CHAR[code] === 1) KIND[code] = 8;
for (const char of '0123456789abcdefABCDEF') KIND[char.charCodeAt(0)] = 8 | 1;
KIND[0x2d] = 8 | 1 | 2;
KIND[0x5f] = 8 | 2;
KIND[0x2e] = 8 | 4;

/**
 * One pass over `text` answering the redaction's cheap questions, as flags: a `=` (query parameters),
 * a `"` (JSON members), a window of a remembered token (`table`), an `eyJ` (a JWT may start there),
 * what may be encoded token material. Text with none of them needs nothing more; this runs on every
 * string of every span. A run made only of id characters (a UUID, a trace id) cannot hold a window of
 * a token that has no 16 of them in a row, which is almost every token: such runs are not hashed while
 * `skipIds` holds.
 */
export function surveyText(text: string, table: FingerprintTable | undefined, skipIds: boolean): number {
  // `eyJ` (where a JWT may start) is noticed in the run loop: its three characters are token characters.
  let flags = 0;
  const length = text.length;
  /** The base64 run under way: where its stretch that separators allow starts, its last separator. */
  let stretch = 0;
  let separator = -1;
  for (let at = 0; at < length; ) {
    const code = text.charCodeAt(at);
    if (code >= 128 || KIND[code] === 0) {
      if (code === 0x3d) flags |= HAS_EQUALS;
      else if (code === 0x22) flags |= HAS_QUOTE;
      else if (code === 0x25) flags |= MAY_BE_ENCODED;
      if (code === 0x2b || code === 0x2f) {
        if (separator >= 0 && ((at - separator) & 3) !== 0) {
          if (at - stretch >= PRINTABLE_DIGITS) flags |= MAY_BE_ENCODED;
          stretch = separator + 1;
        }
        separator = at;
      } else {
        // The base64 run ends here.
        if (at - stretch >= PRINTABLE_DIGITS) flags |= MAY_BE_ENCODED;
        stretch = at + 1;
        separator = -1;
      }
      at++;
      continue;
    }
    // Find the run first: most runs are words, shorter than a window, and need no hashing.
    let end = at;
    let ids = 1;
    /** Where the run's current piece without `-`, `_` or `.` starts, and its longest so far. */
    let piece = at;
    let longest = 0;
    for (; end < length; end++) {
      const next = text.charCodeAt(end);
      const kind = next < 128 ? (KIND[next] as number) : 0;
      if (kind === 0) break;
      ids &= kind;
      if (kind < 10) {
        // `J` after `ey` in the same run.
        if (
          next === 0x4a &&
          end - at >= 2 &&
          text.charCodeAt(end - 1) === 0x79 &&
          text.charCodeAt(end - 2) === 0x65
        ) {
          flags |= MAY_BE_SHAPED;
        }
        continue;
      }
      if (end - piece > longest) longest = end - piece;
      piece = end + 1;
      if (kind === 12) {
        // A dot ends the base64 run.
        if (end - stretch >= PRINTABLE_DIGITS) flags |= MAY_BE_ENCODED;
        stretch = end + 1;
        separator = -1;
        continue;
      }
      if (separator >= 0 && ((end - separator) & 3) !== 0) {
        if (end - stretch >= PRINTABLE_DIGITS) flags |= MAY_BE_ENCODED;
        stretch = separator + 1;
      }
      separator = end;
    }
    if (end - piece > longest) longest = end - piece;
    if (longest >= HEX_DIGITS) flags |= MAY_BE_ENCODED;
    if (
      end - at >= PRINT_WINDOW &&
      (flags & HOLDS_SEEN_PIECE) === 0 &&
      table !== undefined &&
      !(skipIds && (ids & 1) === 1) &&
      holdsStoredWindow(table, text, at, end)
    ) {
      flags |= HOLDS_SEEN_PIECE;
    }
    at = end;
  }
  if (length - stretch >= PRINTABLE_DIGITS) flags |= MAY_BE_ENCODED;
  return flags;
}
