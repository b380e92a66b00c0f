import { hashPower, randomOddBase } from '../internal/hash-bases.js';
/**
 * The rolling hash behind the seen-token fingerprints: two polynomial hashes of each 16-character
 * window of token characters, with per-process random bases, joined into one 53-bit number.
 */
export const PRINT_WINDOW = 16;

/** 1 for the characters of a compact JWS/JWE: base64url and the dots between segments. */
export const TOKEN_CHAR = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.') {
  TOKEN_CHAR[char.charCodeAt(0)] = 1;
}

/**
 * 1 for the characters of ids that fill telemetry (UUIDs, trace ids, hashes): hex digits and dashes. A
 * run made only of them is skipped while no remembered token has 16 of them in a row (seen-tokens.ts).
 */
export const ID_CHAR = new Uint8Array(128);
for (const char of '0123456789abcdefABCDEF-') ID_CHAR[char.charCodeAt(0)] = 1;

/** Whether `text` has `PRINT_WINDOW` id characters in a row: only then can a run of them hold its window. */
export function hasIdWindow(text: string): boolean {
  let run = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    run = code < 128 && ID_CHAR[code] === 1 ? run + 1 : 0;
    if (run >= PRINT_WINDOW) return true;
  }
  return false;
}

/**
 * Whether the base64url of the token's bytes, from any of the 3 byte offsets a group can start at, has
 * `PRINT_WINDOW` id characters in a row: only then can base64 made of them hold a piece of it.
 */
export function hasEncodedIdWindow(token: string): boolean {
  const bytes = Buffer.from(token, 'utf8');
  for (let skip = 0; skip < 3; skip++) {
    if (hasIdWindow(bytes.toString('base64url', skip))) return true;
  }
  return false;
}

export function isTokenChar(code: number): boolean {
  return code < 128 && TOKEN_CHAR[code] === 1;
}

/** The bases are secret, so a client cannot craft strings that collide with a token's windows. */
export const BASE_A = randomOddBase();
export const BASE_B = randomOddBase();
/** What the character leaving a window contributed, to subtract it. */
export const DROP_A = hashPower(BASE_A, PRINT_WINDOW - 1);
export const DROP_B = hashPower(BASE_B, PRINT_WINDOW - 1);

/** One 53-bit number from both hashes (for the one-per-token tail fingerprint). */
export function fingerprint(a: number, b: number): number {
  return (a >>> 0) * 0x200000 + (b >>> 11);
}
