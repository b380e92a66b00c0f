// Where each character of a token lands in one of its encodings, so a window of the encoding can be
// reported as the token characters it covers.

/**
 * For an output written one piece per code point of the token: `first[o]` is the token offset of the
 * first code point written at or after output offset `o`, `after[o]` the offset just after the last one
 * written entirely before `o`. So output range [a, b) fully covers token range [first[a], after[b]).
 */
export interface OffsetMap {
  readonly first: Int32Array;
  readonly after: Int32Array;
}

export function offsetMap(token: string, pieceLength: (codePoint: string) => number): OffsetMap {
  const pieces: number[] = [];
  let total = 0;
  for (const codePoint of token) {
    const length = pieceLength(codePoint);
    pieces.push(length, codePoint.length);
    total += length;
  }
  const first = new Int32Array(total + 1);
  const after = new Int32Array(total + 1);
  let out = 0;
  let unit = 0;
  for (let i = 0; i < pieces.length; i += 2) {
    const length = pieces[i] ?? 0;
    const next = unit + (pieces[i + 1] ?? 0);
    first[out] = unit;
    for (let o = out + 1; o < out + length; o++) {
      first[o] = next;
      after[o] = unit;
    }
    out += length;
    after[out] = next;
    unit = next;
  }
  first[total] = unit;
  return { first, after };
}

/** Bytes of a code point in UTF-8. */
export function utf8Length(codePoint: string): number {
  const code = codePoint.codePointAt(0) ?? 0;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return code < 0x10000 ? 3 : 4; // a lone surrogate is written as U+FFFD: 3 bytes
}

/** `encodeURIComponent`, with `.` as `%2E` when `dots`; undefined for a lone surrogate. */
export function percentEncoded(token: string, dots: boolean): string | undefined {
  try {
    const encoded = encodeURIComponent(token);
    return dots ? encoded.replaceAll('.', '%2E') : encoded;
  } catch {
    return undefined; // a lone surrogate: no URL form
  }
}
