import { BASE_A, DROP_A } from './window-hash.js';

/**
 * Recognises token material in values that would otherwise travel on or land on spans. Every check is
 * linear in the value (and bounded in the token), so a hostile header cannot make it expensive.
 */
const PIECE_CHARS = 16;

function isBase64url(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2d || // -
    code === 0x5f // _
  );
}

function runEnd(value: string, from: number): number {
  let end = from;
  while (end < value.length && isBase64url(value.charCodeAt(end))) end++;
  return end;
}

/**
 * A compact JWS or JWE anywhere in the value: a base64url JSON header (`eyJ`, 16+ characters), a dot
 * (two for a JWE with an empty key segment) and another 16+ base64url characters. Host names and base64 JSON without dots do not match.
 */
export function looksLikeToken(value: string): boolean {
  return value.length > 2 * PIECE_CHARS && shapedFrom(value, value.indexOf('eyJ'));
}

/** {@link looksLikeToken} from the first `eyJ` of the value, already found at `first` (-1: none). */
function shapedFrom(value: string, first: number): boolean {
  let at = first;
  while (at >= 0) {
    const end = runEnd(value, at);
    if (end - at >= PIECE_CHARS && value.charCodeAt(end) === 0x2e) {
      // A JWE with direct key agreement has an empty second segment (`header..iv.ciphertext.tag`).
      const next = value.charCodeAt(end + 1) === 0x2e ? end + 2 : end + 1;
      if (runEnd(value, next) - next >= PIECE_CHARS) return true;
    }
    // Any `eyJ` later in the same run ends where this one did: skip the run, so each character is
    // scanned at most twice.
    const from = Math.max(end, at + 1);
    if (from + 2 * PIECE_CHARS >= value.length) return false;
    at = value.indexOf('eyJ', from);
  }
  return false;
}

/**
 * `looksLikeToken(text) || holdsTokenPiece(text, pieces)`, with one search for `eyJ` serving both: a
 * text without it is not JWT-shaped and holds none of the pieces that start like a JSON header (the
 * token's own first piece, and its payload's).
 */
export function holdsTokenMaterial(text: string, pieces: readonly string[]): boolean {
  if (text.length < PIECE_CHARS) return false;
  const shaped = text.indexOf('eyJ');
  if (shaped >= 0 && text.length > 2 * PIECE_CHARS && shapedFrom(text, shaped)) return true;
  for (const piece of pieces) {
    if (shaped < 0 && piece.startsWith('eyJ')) continue;
    if (text.includes(piece)) return true;
  }
  return false;
}

/**
 * The pieces of a token that identify it: the first 16 characters of each segment of 16 or more (the
 * first is the token's own prefix), so a value holding the token, any whole segment or a 16-character
 * prefix of either is caught, and the last 16 of the token (the end of its signature, the part only the
 * issuer could make). A string without dots counts as one segment. At most six (a compact JWE has five).
 */
export function tokenPieces(token: string | undefined): readonly string[] {
  if (token === undefined) return [];
  const pieces: string[] = [];
  for (const segment of token.split('.', 5)) {
    if (segment.length >= PIECE_CHARS) pieces.push(segment.slice(0, PIECE_CHARS));
  }
  if (token.length >= PIECE_CHARS) pieces.push(token.slice(-PIECE_CHARS));
  return pieces;
}

/** Whether `value` carries one of the token's pieces (see {@link tokenPieces}). */
export function holdsTokenPiece(value: string, pieces: readonly string[]): boolean {
  if (value.length < PIECE_CHARS) return false;
  for (const piece of pieces) if (value.includes(piece)) return true;
  return false;
}

/** A window of {@link PIECE_CHARS} always holds a piece this long starting at a multiple of it. */
const HALF_PIECE = PIECE_CHARS / 2;
/** Up to this many window-by-token character steps, searching the token for each window is cheapest. */
const SEARCH_STEPS = 1 << 16;

/**
 * Rolling hashes (window-hash.ts, secret bases) of the token's 16-character windows, for the token
 * asked about last: one token's claim values are checked in a row. Kept until the current synchronous
 * run ends, so no token outlives the verification that brought it.
 */
let indexed: { readonly token: string; readonly windows: ReadonlySet<number> } | undefined;

function tokenWindows(token: string): ReadonlySet<number> {
  if (indexed?.token === token) return indexed.windows;
  if (indexed === undefined) queueMicrotask(() => (indexed = undefined));
  const windows = new Set<number>();
  let hash = 0;
  for (let at = 0; at < token.length; at++) {
    if (at >= PIECE_CHARS) hash = (hash - Math.imul(token.charCodeAt(at - PIECE_CHARS), DROP_A)) | 0;
    hash = (Math.imul(hash, BASE_A) + token.charCodeAt(at)) | 0;
    if (at >= PIECE_CHARS - 1) windows.add(hash >>> 2);
  }
  indexed = { token, windows };
  return windows;
}

/**
 * Thorough check for claim values (checked once per verified token): any 16-character window of the
 * value found in the token. Searching the token for every window costs value x token characters, and
 * the values come from the token, so past {@link SEARCH_STEPS} the token's windows are hashed once
 * and each window of the value costs a lookup; a hash found is confirmed by a search, so the answer is
 * the same either way.
 */
export function sharesTokenPiece(value: string, token: string): boolean {
  const windows = value.length - PIECE_CHARS + 1;
  if (windows <= 0 || token.length < PIECE_CHARS) return false;
  if (windows * token.length <= SEARCH_STEPS) {
    // Every window holds one of the value's 8-character pieces that start at a multiple of 8: when the
    // token holds none of those (the common answer), it holds no window, for a few searches in all.
    let anyPiece = false;
    for (let start = 0; start + HALF_PIECE <= value.length && !anyPiece; start += HALF_PIECE) {
      anyPiece = token.includes(value.slice(start, start + HALF_PIECE));
    }
    if (!anyPiece) return false;
    for (let start = 0; start < windows; start++) {
      if (token.includes(value.slice(start, start + PIECE_CHARS))) return true;
    }
    return false;
  }
  const known = tokenWindows(token);
  let hash = 0;
  for (let at = 0; at < value.length; at++) {
    if (at >= PIECE_CHARS) hash = (hash - Math.imul(value.charCodeAt(at - PIECE_CHARS), DROP_A)) | 0;
    hash = (Math.imul(hash, BASE_A) + value.charCodeAt(at)) | 0;
    if (at < PIECE_CHARS - 1 || !known.has(hash >>> 2)) continue;
    if (token.includes(value.slice(at + 1 - PIECE_CHARS, at + 1))) return true;
  }
  return false;
}
