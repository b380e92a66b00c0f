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
  let from = 0;
  while (from + 2 * PIECE_CHARS < value.length) {
    const at = value.indexOf('eyJ', from);
    if (at < 0) return false;
    const end = runEnd(value, at);
    if (end - at >= PIECE_CHARS && value.charCodeAt(end) === 0x2e) {
      // A JWE with direct key agreement has an empty second segment (`header..iv.ciphertext.tag`).
      const next = value.charCodeAt(end + 1) === 0x2e ? end + 2 : end + 1;
      if (runEnd(value, next) - next >= PIECE_CHARS) return true;
    }
    // Any `eyJ` later in the same run ends where this one did: skip the run, so each character is
    // scanned at most twice.
    from = Math.max(end, at + 1);
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

/**
 * Thorough check for claim values (short, and checked once per verified token): any 16-character
 * window of the value found in the token.
 */
export function sharesTokenPiece(value: string, token: string): boolean {
  for (let start = 0; start + PIECE_CHARS <= value.length; start++) {
    if (token.includes(value.slice(start, start + PIECE_CHARS))) return true;
  }
  return false;
}
