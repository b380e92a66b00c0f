import { PRINT_WINDOW } from './window-hash.js';

/**
 * The alphabets of the encoded forms (encoded-runs.ts) and their decoders, into one scratch array: a
 * run decodes to at most as many bytes as it has characters, and runs are decoded one at a time.
 */
export const BASE64 = 1;
export const HEX = 2;
/** Hex digits and dashes (UUIDs, trace ids): see `SeenTokens.skipsIds`. */
export const ID = 4;
/** Per character: {@link BASE64}, {@link HEX}, {@link ID} bits. */
export const CLASS = new Uint8Array(128);
/** Base64 digit values of both alphabets; hex digit values (either case). */
export const BASE64_VALUE = new Uint8Array(128);
const HEX_VALUE = new Int8Array(128).fill(-1);
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
for (const [value, char] of [...`${DIGITS}+/`].entries()) BASE64_VALUE[char.charCodeAt(0)] = value;
BASE64_VALUE[0x2d] = 62; // -
BASE64_VALUE[0x5f] = 63; // _
const mark = (chars: string, kind: number) => {
  for (const char of chars) CLASS[char.charCodeAt(0)] = (CLASS[char.charCodeAt(0)] as number) | kind;
};
mark(`${DIGITS}+/-_`, BASE64);
mark('0123456789abcdefABCDEF', HEX | ID);
mark('-', ID);
for (const [value, char] of [...'0123456789abcdef'].entries()) {
  HEX_VALUE[char.charCodeAt(0)] = value;
  HEX_VALUE[char.toUpperCase().charCodeAt(0)] = value;
}
/** What `encodeURIComponent` leaves as it is. */
export const UNRESERVED = new Uint8Array(128);
for (const char of `${DIGITS}-_.!~*'()`) UNRESERVED[char.charCodeAt(0)] = 1;

/** Hex digits of 16 bytes. */
export const MIN_HEX_CHARS = 2 * PRINT_WINDOW;
/** Decoding scratch: kept up to this size; a larger run decodes into an array of its own. */
const KEPT_SCRATCH_BYTES = 1 << 20;
let scratch = new Uint8Array(4_096);

function room(bytes: number): Uint8Array {
  if (bytes <= scratch.length) return scratch;
  const fresh = new Uint8Array(bytes);
  if (bytes <= KEPT_SCRATCH_BYTES) scratch = fresh;
  return fresh;
}

export function isHex(code: number): boolean {
  return code < 128 && HEX_VALUE[code] !== -1;
}

/**
 * Which base64 digits can stand where in data whose bytes are printable (space to `~`), as a 4-byte
 * mask per (position in the run mod 4, digit): byte `p` is 0xff when the digit fits the place it takes
 * in a group decoded from phase `p`. A group's first digit is the top of a printable byte (8 to 31),
 * its second's low half the top of the next (2 to 7), its third's low 2 bits the top of the last (0 or
 * 1); the fourth can be any. 16 printable bytes take at least {@link PRINTABLE_DIGITS} digits in a row
 * that fit, wherever they start; random data rarely has 20, so most runs are never decoded.
 */
export const FITS = new Int32Array(4 * 64);
export const PRINTABLE_DIGITS = 20;
/** Added to the 4 counts, sets the top bit of each that reached {@link PRINTABLE_DIGITS}. */
export const DUE_BIAS = (128 - PRINTABLE_DIGITS) * 0x01010101;
for (let position = 0; position < 4; position++) {
  for (let value = 0; value < 64; value++) {
    let mask = 0;
    for (let phase = 0; phase < 4; phase++) {
      const place = (position - phase) & 3;
      const fits =
        place === 0
          ? value >= 8 && value <= 31
          : place === 1
            ? (value & 15) >= 2 && (value & 15) <= 7
            : place === 2
              ? (value & 3) <= 1
              : true;
      if (fits) mask |= 0xff << (8 * phase);
    }
    FITS[(position << 6) | value] = mask;
  }
}

/** The base64 run `text[start, end)` decoded from `phase` (either alphabet; a last partial group too). */
export function decodeBase64(text: string, start: number, end: number, phase: number): Uint8Array {
  const out = room(((end - start) * 3) >> 2);
  let length = 0;
  let bits = 0;
  let value = 0;
  for (let at = start + phase; at < end; at++) {
    value = ((value << 6) | (BASE64_VALUE[text.charCodeAt(at)] as number)) & 0x3fff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = value >>> bits;
    }
  }
  return out.subarray(0, length);
}

/** The hex run `text[start, end)` decoded from `phase` (0 or 1), in pairs of digits of either case. */
export function decodeHex(text: string, start: number, end: number, phase: number): Uint8Array {
  const out = room((end - start) >> 1);
  let length = 0;
  for (let at = start + phase; at + 1 < end; at += 2) {
    out[length++] =
      ((HEX_VALUE[text.charCodeAt(at)] as number) << 4) | (HEX_VALUE[text.charCodeAt(at + 1)] as number);
  }
  return out.subarray(0, length);
}

/** The run `text[start, end)` of unreserved characters and whole escapes, each escape to its byte. */
export function decodePercent(text: string, start: number, end: number): Uint8Array {
  const out = room(end - start);
  let length = 0;
  for (let at = start; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x25) {
      out[length++] =
        ((HEX_VALUE[text.charCodeAt(at + 1)] as number) << 4) |
        (HEX_VALUE[text.charCodeAt(at + 2)] as number);
      at += 2;
    } else {
      out[length++] = code;
    }
  }
  return out.subarray(0, length);
}
