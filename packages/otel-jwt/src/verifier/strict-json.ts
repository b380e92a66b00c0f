/** Why a JSON text was refused by {@link parseStrictJson}. */
export type JsonFault = 'invalid_json' | 'json_too_deep' | 'duplicate_member';

export type JsonParse =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly fault: JsonFault };

/** Kind of each open container during the scan: 1 for an object, 0 for an array. */
const open = new Uint8Array(64);

/**
 * RFC 8259 JSON, stricter than `JSON.parse` where JWT attacks live: a duplicate member name is refused
 * (parsers disagree on which copy wins), nesting is bounded (no deep recursion from a token), and every
 * object and array comes back frozen, so a verified claim set shared through the cache cannot be changed.
 *
 * `JSON.parse` builds the value (the grammar is the standard one); a scan beforehand bounds the depth and
 * counts the member names written in the text. `JSON.parse` keeps one member per name, so fewer members
 * in the result than in the text means a name was repeated, escaped spellings (`"\\u0061"`) included.
 * Nesting deeper than 64 is refused whatever `maxDepth` says.
 */
export function parseStrictJson(text: string, maxDepth: number): JsonParse {
  const limit = Math.min(maxDepth, open.length);
  let written = 0;
  let depth = 0;
  let expectName = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      if (expectName) {
        written++;
        expectName = false;
      }
      for (i++; i < length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x22) break;
        if (d === 0x5c) i++;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (depth >= limit) return { ok: false, fault: 'json_too_deep' };
      expectName = c === 0x7b;
      open[depth++] = expectName ? 1 : 0;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      expectName = false;
    } else if (c === 0x2c) {
      expectName = depth > 0 && open[depth - 1] === 1;
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, fault: 'invalid_json' };
  }
  const kept = value !== null && typeof value === 'object' ? freezeCountingMembers(value) : 0;
  return kept === written ? { ok: true, value } : { ok: false, fault: 'duplicate_member' };
}

/** Freezes a parsed value deeply and returns how many object members it holds. Depth is already bounded. */
function freezeCountingMembers(value: object): number {
  let members = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object') members += freezeCountingMembers(item);
    }
  } else {
    for (const name in value) {
      members++;
      const item = (value as Record<string, unknown>)[name];
      if (item !== null && typeof item === 'object') members += freezeCountingMembers(item);
    }
  }
  Object.freeze(value);
  return members;
}
