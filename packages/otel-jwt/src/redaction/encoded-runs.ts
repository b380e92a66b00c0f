import {
  BASE64,
  BASE64_VALUE,
  CLASS,
  DUE_BIAS,
  decodeBase64,
  decodeHex,
  decodePercent,
  FITS,
  HEX,
  ID,
  isHex,
  MIN_HEX_CHARS,
  UNRESERVED,
} from './run-decoding.js';
import { seenTokens } from './seen-tokens.js';
import { PRINT_WINDOW } from './window-hash.js';

/**
 * Token material written in another form: base64 or base64url of any data holding it (at any byte
 * offset), hex (either case), percent escapes (`encodeURIComponent`, a fully escaped path segment,
 * escapes in either case). Each run of text that could be such a form is decoded and its bytes scanned
 * (decoded-scan.ts); a run that holds a piece of a remembered token, or JWT-shaped text, is replaced
 * whole. Base64 is decoded from each of the 4 characters a group can start at and hex from each of 2,
 * so wherever the encoded data starts inside a run, one decoding lines up with it. Linear in the text:
 * each character is decoded at most 4 times plus 2 (and once more as an escape).
 */

/** Whether decoded bytes hold a piece of a remembered token or JWT-shaped text. */
const holds = (bytes: Uint8Array): boolean =>
  bytes.length >= PRINT_WINDOW && seenTokens.holdsDecodedPiece(bytes, bytes.length);

function hexHolds(text: string, start: number, end: number): boolean {
  return holds(decodeHex(text, start, end, 0)) || holds(decodeHex(text, start, end, 1));
}

/**
 * Hex runs of 16 bytes or more inside the base64 run `text[start, end)` holding a piece: pushed to
 * `ranges`, or the answer given at the first.
 */
function hexRunsHold(text: string, start: number, end: number, ranges: number[] | undefined): boolean {
  let found = false;
  for (let from = start; from < end; ) {
    let to = from;
    while (to < end && ((CLASS[text.charCodeAt(to)] as number) & HEX) !== 0) to++;
    if (to - from >= MIN_HEX_CHARS && hexHolds(text, from, to)) {
      if (ranges === undefined) return true;
      ranges.push(from, to);
      found = true;
    }
    from = to + 1;
  }
  return found;
}

/**
 * Runs of base64 holding a piece, and runs of hex digits inside them: pushed to `ranges` as `start,
 * end`, or, without `ranges`, the answer is given at the first. One tight loop finds each run and, for
 * each of the 4 phases, counts the digits in a row that fit printable bytes (one byte of `counters`
 * each); a phase whose count reaches {@link PRINTABLE_DIGITS} is due (the top bit of its byte) and
 * counted no further, so no count spills into its neighbour. Once the run ends, only its due phases
 * are decoded, and none for a run of id characters alone while no remembered token's base64 has 16 of
 * them in a row (UUIDs fill telemetry).
 */
function scanBase64AndHex(text: string, ranges: number[] | undefined): boolean {
  const skipIds = seenTokens.skipsIds;
  const length = text.length;
  let found = false;
  for (let start = 0; start < length; ) {
    let code = text.charCodeAt(start);
    let kind = code < 128 ? (CLASS[code] as number) : 0;
    if ((kind & BASE64) === 0) {
      start++;
      continue;
    }
    let end = start;
    let ids = ID;
    let hexRun = 0;
    let longHex = false;
    let counters = 0;
    let due = 0;
    let live = -1;
    for (;;) {
      ids &= kind;
      hexRun = (kind & HEX) !== 0 ? hexRun + 1 : 0;
      if (hexRun >= MIN_HEX_CHARS) longHex = true;
      const fits = FITS[(((end - start) & 3) << 6) | (BASE64_VALUE[code] as number)] as number;
      counters = (counters + 0x01010101) & fits & live;
      const reached = (counters + DUE_BIAS) & 0x80808080;
      if (reached !== 0) {
        due |= reached;
        live = ~((due >>> 7) * 0xff);
      }
      if (++end >= length) break;
      code = text.charCodeAt(end);
      kind = code < 128 ? (CLASS[code] as number) : 0;
      if ((kind & BASE64) === 0) break;
    }
    if (due !== 0 && !(skipIds && ids !== 0)) {
      for (let phase = 0; phase < 4; phase++) {
        if ((due & (0x80 << (8 * phase))) === 0 || !holds(decodeBase64(text, start, end, phase))) continue;
        if (ranges === undefined) return true;
        ranges.push(start, end);
        found = true;
        break;
      }
    }
    if (longHex && hexRunsHold(text, start, end, ranges)) {
      if (ranges === undefined) return true;
      found = true;
    }
    start = end;
  }
  return found;
}

/** Runs of unreserved characters and percent escapes, with at least one escape, holding a piece. */
function scanPercent(text: string, ranges: number[] | undefined): boolean {
  let start = -1;
  let escapes = 0;
  for (let at = 0; at <= text.length; ) {
    const code = at < text.length ? text.charCodeAt(at) : 0x20;
    const width =
      code === 0x25 && isHex(text.charCodeAt(at + 1)) && isHex(text.charCodeAt(at + 2))
        ? 3
        : code < 128 && UNRESERVED[code] === 1
          ? 1
          : 0;
    if (width > 0) {
      if (start < 0) start = at;
      if (width === 3) escapes++;
      at += width;
      continue;
    }
    if (escapes > 0 && at - start >= PRINT_WINDOW && holds(decodePercent(text, start, at))) {
      if (ranges === undefined) return true;
      ranges.push(start, at);
    }
    start = -1;
    escapes = 0;
    at++;
  }
  return ranges !== undefined && ranges.length > 0;
}

/**
 * Whether `text` holds token material in an encoded form. Base64 and hex are decoded only while a
 * token is remembered (the decoding then also finds JWT-shaped text); percent escapes whenever there
 * is one, which also finds an escaped JWT nobody remembered.
 */
export function holdsEncodedPiece(text: string): boolean {
  if (text.length < PRINT_WINDOW) return false;
  if (seenTokens.active && scanBase64AndHex(text, undefined)) return true;
  return text.includes('%') && scanPercent(text, undefined);
}

/** `text` with every encoded run that holds token material replaced by `replacement`. */
export function redactEncodedRuns(text: string, replacement: string): string {
  const ranges: number[] = [];
  if (seenTokens.active) scanBase64AndHex(text, ranges);
  if (text.includes('%')) scanPercent(text, ranges);
  if (ranges.length === 0) return text;
  // Each scan gives its runs in order; a hex run lies inside a base64 run, and escapes join across
  // them, so runs are sorted by start and overlapping ones joined.
  const order = Array.from({ length: ranges.length / 2 }, (_, index) => index).sort(
    (x, y) => (ranges[2 * x] as number) - (ranges[2 * y] as number),
  );
  let out = '';
  let kept = 0;
  for (const index of order) {
    const start = ranges[2 * index] as number;
    const end = ranges[2 * index + 1] as number;
    if (end <= kept) continue;
    out += start >= kept ? text.slice(kept, start) + replacement : '';
    kept = end;
  }
  return out + text.slice(kept);
}
