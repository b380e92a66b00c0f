import { ID_CHAR, PRINT_WINDOW } from './window-hash.js';

/**
 * Whether `text` has `PRINT_WINDOW` id characters in a row (window-hash.ts `hasIdWindow`), found by
 * skipping: a character that is not an id character rules out every window holding it, so the search
 * looks only at the last character of the next possible window and, when that one is an id character,
 * back from it. In base64url, where about a third of the characters are id characters, that reads about
 * one character in ten instead of each one.
 */
export function skipsToIdWindow(text: string): boolean {
  const length = text.length;
  for (let end = PRINT_WINDOW - 1; end < length; ) {
    const code = text.charCodeAt(end);
    if (code >= 128 || ID_CHAR[code] !== 1) {
      end += PRINT_WINDOW;
      continue;
    }
    let before = end - 1;
    while (before > end - PRINT_WINDOW) {
      const previous = text.charCodeAt(before);
      if (previous >= 128 || ID_CHAR[previous] !== 1) break;
      before--;
    }
    if (end - before >= PRINT_WINDOW) return true;
    // No window ends at or before `end` past `before`; the first that can starts right after it.
    end = before + PRINT_WINDOW;
  }
  return false;
}

/**
 * Whether a token, or the base64url of its bytes from any of the 3 byte offsets a group can start at,
 * has `PRINT_WINDOW` id characters in a row (window-hash.ts `hasIdWindow` and `hasEncodedIdWindow`):
 * only then can a run of id characters, raw or encoded, hold a piece of it.
 */
export function hasAnyIdWindow(token: string): boolean {
  if (skipsToIdWindow(token)) return true;
  const bytes = Buffer.from(token, 'utf8');
  for (let skip = 0; skip < 3; skip++) {
    if (skipsToIdWindow(bytes.toString('base64url', skip))) return true;
  }
  return false;
}
