/**
 * Recognises token material in values that would otherwise travel on: a JWT-shaped run (a base64url
 * JSON header, or two long base64url segments joined by dots), or a piece of the request's own token.
 * Every check is linear in the value, so a hostile baggage header cannot make it expensive.
 */
/** A base64url JSON object start: fixed length, so the scan stays linear. */
const JSON_HEADER = /eyJ[A-Za-z0-9_-]{13}/;
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

export function looksLikeToken(value: string): boolean {
  if (value.length < PIECE_CHARS) return false;
  if (JSON_HEADER.test(value)) return true;
  // Two runs of 16+ base64url characters, each ended by a dot: one pass, no backtracking (a regex
  // such as /[…]{16,}\.[…]{16,}\./ is quadratic on a long run without dots).
  let run = 0;
  let previous = -1;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (isBase64url(code)) {
      run++;
    } else if (code === 0x2e) {
      if (previous >= PIECE_CHARS && run >= PIECE_CHARS) return true;
      previous = run;
      run = 0;
    } else {
      previous = -1;
      run = 0;
    }
  }
  return false;
}

/** Whether `value` is a 16+ character piece of `token`, or carries the token's signature tail. */
export function holdsTokenPiece(value: string, token: string | undefined): boolean {
  if (token === undefined || value.length < PIECE_CHARS) return false;
  return token.includes(value) || value.includes(token.slice(-PIECE_CHARS));
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
