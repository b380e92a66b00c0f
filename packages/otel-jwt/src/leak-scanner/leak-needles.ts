import { BASE64, BASE64URL, FORMS, HEX, RAW, URL_ENCODED } from './leak-forms.js';
import { type OffsetMap, offsetMap, percentEncoded, utf8Length } from './leak-offset-map.js';
import type { LeakForm } from './leak-report.js';
import { RunState } from './leak-run-state.js';
import { TokenShape } from './leak-token-shape.js';
import { WindowTableBuilder } from './leak-window-builder.js';
import { eachWindowHash, RollingHash } from './leak-window-hash.js';
import type { WindowTable } from './leak-window-table.js';

/**
 * Window length: 16 characters of the raw, url-encoded and base64 forms, 32 of hex (16 bytes). A
 * 16-byte substring embedded in base64 at any byte offset leaves only 16 characters that depend on it
 * alone, so base64 windows cover 12 token bytes; percent-encoded windows cover 14 or more characters.
 */
export const LEAK_WINDOW = 16;
const HEX_WINDOW = 2 * LEAK_WINDOW;

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

/** The index of a token list, built once and read by every scan. */
export interface Needles {
  /** raw, url-encoded, base64 and base64url windows, compared with percent escapes in upper case. */
  readonly text: WindowTable;
  /** hex windows, in lower case, compared with ASCII letters folded. */
  readonly hex: WindowTable;
  readonly tokens: readonly TokenShape[];
  /** Where scans keep their matches in progress: scratch that each scan of a text takes in turn. */
  readonly runs: RunState;
}

/** Percent escapes in upper case (`%2e` to `%2E`): the same length, so offsets stay valid. */
export function normalizePercent(text: string): string {
  return text.includes('%') ? text.replace(/%[0-9a-f]{2}/gi, (percent) => percent.toUpperCase()) : text;
}

/** What `encodeURIComponent` leaves as is (and `.` unless `dots`): one character, no escape. */
const UNRESERVED = /^[A-Za-z0-9\-_!~*'()]$/;

/** The length of a code point percent-encoded, without calling the encoder for plain characters. */
function escapedLength(codePoint: string, dots: boolean): number {
  if (UNRESERVED.test(codePoint) || (!dots && codePoint === '.')) return 1;
  return percentEncoded(codePoint, dots)?.length ?? 0;
}

function addRawAndUrl(table: WindowTableBuilder, token: string, tokenIndex: number): void {
  const group = tokenIndex * 3;
  const raw = normalizePercent(token);
  const rawSource = table.source(raw);
  eachWindowHash(raw, LEAK_WINDOW, (at, a, b) => {
    table.add(rawSource, at, a, b, group, RAW, at, at + LEAK_WINDOW);
  });
  for (const dots of [false, true]) {
    const encoded = percentEncoded(token, dots);
    // Without an escape every window is a raw one (a JWT has none but its dots, written `%2E`).
    if (encoded === undefined || !encoded.includes('%')) continue;
    const map = offsetMap(token, (codePoint) => escapedLength(codePoint, dots));
    // escaped[i]: how many of the first i characters belong to a percent escape.
    const escaped = new Int32Array(encoded.length + 1);
    for (let at = 0, left = 0; at < encoded.length; at++) {
      if (encoded.charCodeAt(at) === 0x25) left = 3;
      escaped[at + 1] = (escaped[at] ?? 0) + (left > 0 ? 1 : 0);
      left--;
    }
    const source = table.source(encoded);
    eachWindowHash(encoded, LEAK_WINDOW, (at, a, b) => {
      // A window without an escape character is a raw window already.
      if (escaped[at + LEAK_WINDOW] === escaped[at]) return;
      const tokenStart = map.first[at] ?? 0;
      const tokenEnd = map.after[at + LEAK_WINDOW] ?? 0;
      table.add(source, at, a, b, group, URL_ENCODED, tokenStart, tokenEnd);
    });
  }
}

/**
 * Base64 of the token embedded at any byte offset of larger data: for each of the 3 alignments, the
 * encoding of the token from that byte on, without the last partial group (whose characters depend on
 * the bytes that follow). Each base64url window is added right after its base64 twin, when it differs.
 */
function addBase64(table: WindowTableBuilder, bytes: Buffer, map: OffsetMap, tokenIndex: number): void {
  const group = tokenIndex * 3 + 1;
  const standardHash = new RollingHash(LEAK_WINDOW);
  const urlHash = new RollingHash(LEAK_WINDOW);
  for (let skip = 0; skip < 3; skip++) {
    const whole = Math.floor((bytes.length - skip) / 3) * 3;
    const standard = bytes.toString('base64', skip, skip + whole);
    const url = bytes.toString('base64url', skip, skip + whole);
    const standardSource = table.source(standard);
    const urlSource = table.source(url);
    standardHash.reset();
    urlHash.reset();
    // Where the last `+` or `/` was: a window after it reads the same in both alphabets.
    let lastSpecial = -1;
    for (let end = 0; end < standard.length; end++) {
      const code = standard.charCodeAt(end);
      if (code === 0x2b || code === 0x2f) lastSpecial = end;
      const leaving = end >= LEAK_WINDOW ? end - LEAK_WINDOW : -1;
      standardHash.push(code, leaving < 0 ? -1 : standard.charCodeAt(leaving));
      urlHash.push(url.charCodeAt(end), leaving < 0 ? -1 : url.charCodeAt(leaving));
      const at = end - LEAK_WINDOW + 1;
      if (at < 0) continue;
      const tokenStart = map.first[skip + Math.ceil((at * 3) / 4)] ?? 0;
      const tokenEnd = map.after[skip + Math.floor(((at + LEAK_WINDOW) * 3) / 4)] ?? 0;
      table.add(standardSource, at, standardHash.a, standardHash.b, group, BASE64, tokenStart, tokenEnd);
      if (lastSpecial >= at) {
        table.add(urlSource, at, urlHash.a, urlHash.b, group, BASE64URL, tokenStart, tokenEnd);
      }
    }
  }
}

function addHex(table: WindowTableBuilder, bytes: Buffer, map: OffsetMap, tokenIndex: number): void {
  const hex = bytes.toString('hex');
  const source = table.source(hex);
  eachWindowHash(hex, HEX_WINDOW, (at, a, b) => {
    const tokenStart = map.first[Math.ceil(at / 2)] ?? 0;
    const tokenEnd = map.after[Math.floor((at + HEX_WINDOW) / 2)] ?? 0;
    table.add(source, at, a, b, tokenIndex * 3 + 2, HEX, tokenStart, tokenEnd);
  });
}

/**
 * Every 16-character window of every token in every form. A token given twice is searched once, under
 * its first index. Tokens must be 16 characters or longer (checked by the caller). Linear in the total
 * length of the tokens: a window shared by many tokens (one issuer's header) is stored once, with one
 * needle per token, and adding a needle compares it with the window's last needle only.
 */
export function buildNeedles(tokens: readonly string[]): Needles {
  const text = new WindowTableBuilder(LEAK_WINDOW, false, tokens.length * 3);
  const hex = new WindowTableBuilder(HEX_WINDOW, true, tokens.length * 3);
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
  const textTable = text.build();
  const hexTable = hex.build();
  return {
    text: textTable,
    hex: hexTable,
    tokens: tokens.map((token) => new TokenShape(token)),
    runs: new RunState(tokens.length * 3, Math.max(textTable.segments.sets, hexTable.segments.sets)),
  };
}

/** Every window of an index with each of its needles, in the order added (for tests and debugging). */
export function* needlesOf(table: WindowTable): Generator<[string, Needle]> {
  for (const [window, needles] of table.windows()) {
    for (const [group, form, tokenStart, tokenEnd] of needles) {
      yield [
        window,
        { group, tokenIndex: Math.floor(group / 3), form: FORMS[form] ?? 'raw', tokenStart, tokenEnd },
      ];
    }
  }
}
