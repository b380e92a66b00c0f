import { type OffsetMap, offsetMap, percentEncoded, utf8Length } from './leak-offset-map.js';
import type { LeakForm } from './leak-report.js';

/**
 * Window length: 16 characters of the raw, url-encoded and base64 forms, 32 of hex (16 bytes). A
 * 16-byte substring embedded in base64 at any byte offset leaves only 16 characters that depend on it
 * alone, so base64 windows cover 12 token bytes; percent-encoded windows cover 14 or more characters.
 */
export const WINDOW = 16;
const HEX_WINDOW = 2 * WINDOW;

/** One 16-character window of one token in one form. */
export interface Needle {
  /** Windows of one token and one family (raw and url-encoded, base64 and base64url, hex) chain into one match. */
  readonly group: number;
  readonly tokenIndex: number;
  readonly form: LeakForm;
  /** The token characters the window fully covers (`tokenEnd` exclusive). */
  readonly tokenStart: number;
  readonly tokenEnd: number;
}

/** Windows by their text, with a cheap filter on their first four characters. */
export interface NeedleIndex {
  readonly windows: Map<string, Needle[]>;
  /** Length of every window of the index. */
  readonly length: number;
  readonly prefixes: Uint8Array;
  /** Whether texts are compared with ASCII letters in lower case (hex digits are case-insensitive). */
  readonly fold: boolean;
}

/** Length and dot-separated segments (as [start, end) ranges) of a token, to name what a match covers. */
export interface TokenShape {
  readonly length: number;
  readonly segments: readonly (readonly [number, number])[];
}

export interface Needles {
  /** raw, url-encoded, base64 and base64url windows, compared with percent escapes in upper case. */
  readonly text: NeedleIndex;
  readonly hex: NeedleIndex;
  readonly tokens: readonly TokenShape[];
}

/** Hash of a window's first four characters for {@link NeedleIndex.prefixes}; collisions only cost a lookup. */
export function prefixHash(a: number, b: number, c: number, d: number): number {
  return Math.imul((a << 24) ^ (b << 16) ^ (c << 8) ^ d, 0x9e3779b1) >>> 14; // 18 bits
}

/** Percent escapes in upper case (`%2e` to `%2E`): the same length, so offsets stay valid. */
export function normalizePercent(text: string): string {
  return text.includes('%') ? text.replace(/%[0-9a-f]{2}/gi, (percent) => percent.toUpperCase()) : text;
}

class IndexBuilder {
  readonly windows = new Map<string, Needle[]>();
  readonly prefixes = new Uint8Array(0x40000);

  add(window: string, needle: Needle): void {
    const known = this.windows.get(window);
    if (known === undefined) {
      this.windows.set(window, [needle]);
      const [a, b, c, d] = [0, 1, 2, 3].map((at) => window.charCodeAt(at)) as [
        number,
        number,
        number,
        number,
      ];
      this.prefixes[prefixHash(a, b, c, d)] = 1;
      // One needle per group is enough: a repeated window only matters as part of a longer match.
    } else if (!known.some((other) => other.group === needle.group)) {
      known.push(needle);
    }
  }
}

function addRawAndUrl(builder: IndexBuilder, token: string, tokenIndex: number): void {
  const group = tokenIndex * 3;
  const raw = normalizePercent(token);
  for (let at = 0; at + WINDOW <= raw.length; at++) {
    builder.add(raw.slice(at, at + WINDOW), {
      group,
      tokenIndex,
      form: 'raw',
      tokenStart: at,
      tokenEnd: at + WINDOW,
    });
  }
  for (const dots of [false, true]) {
    const encoded = percentEncoded(token, dots);
    if (encoded === undefined) continue;
    const map = offsetMap(token, (codePoint) => percentEncoded(codePoint, dots)?.length ?? 0);
    // escaped[i]: how many of the first i characters belong to a percent escape.
    const escaped = new Int32Array(encoded.length + 1);
    for (let at = 0, left = 0; at < encoded.length; at++) {
      if (encoded.charCodeAt(at) === 0x25) left = 3;
      escaped[at + 1] = (escaped[at] ?? 0) + (left > 0 ? 1 : 0);
      left--;
    }
    for (let at = 0; at + WINDOW <= encoded.length; at++) {
      // A window without an escape character is a raw window already.
      if (escaped[at + WINDOW] === escaped[at]) continue;
      const tokenStart = map.first[at] ?? 0;
      const tokenEnd = map.after[at + WINDOW] ?? 0;
      builder.add(encoded.slice(at, at + WINDOW), {
        group,
        tokenIndex,
        form: 'url-encoded',
        tokenStart,
        tokenEnd,
      });
    }
  }
}

/**
 * Base64 of the token embedded at any byte offset of larger data: for each of the 3 alignments, the
 * encoding of the token from that byte on, without the last partial group (whose characters depend on
 * the bytes that follow).
 */
function addBase64(builder: IndexBuilder, bytes: Buffer, map: OffsetMap, tokenIndex: number): void {
  const group = tokenIndex * 3 + 1;
  for (let skip = 0; skip < 3; skip++) {
    const whole = Math.floor((bytes.length - skip) / 3) * 3;
    const standard = bytes.toString('base64', skip, skip + whole);
    const url = bytes.toString('base64url', skip, skip + whole);
    for (let at = 0; at + WINDOW <= standard.length; at++) {
      const tokenStart = map.first[skip + Math.ceil((at * 3) / 4)] ?? 0;
      const tokenEnd = map.after[skip + Math.floor(((at + WINDOW) * 3) / 4)] ?? 0;
      const window = standard.slice(at, at + WINDOW);
      builder.add(window, { group, tokenIndex, form: 'base64', tokenStart, tokenEnd });
      const urlWindow = url.slice(at, at + WINDOW);
      if (urlWindow !== window) {
        builder.add(urlWindow, { group, tokenIndex, form: 'base64url', tokenStart, tokenEnd });
      }
    }
  }
}

function addHex(builder: IndexBuilder, bytes: Buffer, map: OffsetMap, tokenIndex: number): void {
  const hex = bytes.toString('hex');
  for (let at = 0; at + HEX_WINDOW <= hex.length; at++) {
    builder.add(hex.slice(at, at + HEX_WINDOW), {
      group: tokenIndex * 3 + 2,
      tokenIndex,
      form: 'hex',
      tokenStart: map.first[Math.ceil(at / 2)] ?? 0,
      tokenEnd: map.after[Math.floor((at + HEX_WINDOW) / 2)] ?? 0,
    });
  }
}

function shapeOf(token: string): TokenShape {
  const segments: [number, number][] = [];
  let start = 0;
  for (const segment of token.split('.')) {
    segments.push([start, start + segment.length]);
    start += segment.length + 1;
  }
  return { length: token.length, segments };
}

/**
 * Every 16-character window of every token in every form. A token given twice is searched once, under
 * its first index. Tokens must be 16 characters or longer (checked by the caller).
 */
export function buildNeedles(tokens: readonly string[]): Needles {
  const text = new IndexBuilder();
  const hex = new IndexBuilder();
  const seen = new Set<string>();
  for (const [tokenIndex, token] of tokens.entries()) {
    if (seen.has(token)) continue;
    seen.add(token);
    addRawAndUrl(text, token, tokenIndex);
    const bytes = Buffer.from(token, 'utf8');
    const map = offsetMap(token, utf8Length);
    addBase64(text, bytes, map, tokenIndex);
    addHex(hex, bytes, map, tokenIndex);
  }
  return {
    text: { windows: text.windows, length: WINDOW, prefixes: text.prefixes, fold: false },
    hex: { windows: hex.windows, length: HEX_WINDOW, prefixes: hex.prefixes, fold: true },
    tokens: tokens.map(shapeOf),
  };
}
