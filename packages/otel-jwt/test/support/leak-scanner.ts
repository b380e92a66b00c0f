// The leak scanner of the tests (invariant 1): token material in any text, reported by position only.

/** Every 16-character window of a token: any substring of 16 or more characters contains one. */
function windows(token: string): Set<string> {
  const all = new Set<string>();
  for (let at = 0; at + 16 <= token.length; at++) all.add(token.slice(at, at + 16));
  return all;
}

/**
 * Where the first token material is: the token, one of its segments, or any substring of 16 or more
 * characters of it. Undefined when every text is clean. The description names positions only, so a
 * failing assertion does not print the token.
 */
export function tokenMaterialIn(token: string, texts: readonly string[]): string | undefined {
  // Test tokens have segments of 16 characters or more, so the windows cover the segments too.
  const forbidden = windows(token);
  for (const [index, text] of texts.entries()) {
    for (let at = 0; at + 16 <= text.length; at++) {
      const piece = text.slice(at, at + 16);
      if (forbidden.has(piece)) {
        return `text ${index} (${text.length} chars) holds token characters ${token.indexOf(piece)}+ at ${at}`;
      }
    }
  }
  return undefined;
}

/** Every string inside a value (attribute values, arrays, nested objects), for the leak scanner. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return value === undefined ? [] : [String(value)];
  return Object.entries(value).flatMap(([key, item]) => [key, ...stringsOf(item)]);
}
