/** Why a JSON text was refused by {@link parseStrictJson}. */
export type JsonFault = 'invalid_json' | 'json_too_deep' | 'duplicate_member';

export type JsonParse =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly fault: JsonFault };

/** Deepest nesting ever accepted. */
const MAX_DEPTH = 64;

/**
 * RFC 8259 JSON, stricter than `JSON.parse` where JWT attacks live: a duplicate member name is refused
 * (parsers disagree on which copy wins), nesting is bounded (no deep recursion from a token), and every
 * object and array comes back frozen, so a verified claim set shared through the cache cannot be changed.
 *
 * `JSON.parse` builds the value (the grammar is the standard one); a scan beforehand bounds the depth and
 * counts the members written in the text: in valid JSON, each member has the one colon found outside
 * strings. `JSON.parse` keeps one member per name, so fewer members in the result than in the text
 * means a name was repeated, escaped spellings (`"\\u0061"`) included. Nesting deeper than 64 is refused
 * whatever `maxDepth` says.
 */
export function parseStrictJson(text: string, maxDepth: number): JsonParse {
  const limit = Math.min(maxDepth, MAX_DEPTH);
  let written = 0;
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(text, i);
    } else if (c === 0x3a) {
      written++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return { ok: false, fault: 'json_too_deep' };
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
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

/**
 * Index of the quote closing the string opened at `open` (the text's length when none does). Strings are
 * most of a claim set's characters, so they are crossed with native searches: a quote closes the string
 * unless an odd run of backslashes comes right before it.
 */
function stringEnd(text: string, open: number): number {
  let quote = open;
  for (;;) {
    quote = text.indexOf('"', quote + 1);
    if (quote < 0) return text.length;
    let backslash = quote - 1;
    while (text.charCodeAt(backslash) === 0x5c) backslash--;
    if (((quote - 1 - backslash) & 1) === 0) return quote;
  }
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
