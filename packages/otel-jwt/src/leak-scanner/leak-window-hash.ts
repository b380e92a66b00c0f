// The rolling hash of the leak scanner's windows: two polynomial hashes (mod 2^32) of a window's
// characters, updated in two multiplications per character, so neither building the index nor scanning
// ever cuts a window out as a string.
import { hashPower, randomOddBase } from '../internal/hash-bases.js';

export const BASE_A = randomOddBase();
export const BASE_B = randomOddBase();

/** ASCII letters in lower case, for the hex index (hex digits match in either case). */
export function folded(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code | 0x20 : code;
}

/** Both hashes of the window ending at the last character given, for windows of one length. */
export class RollingHash {
  a = 0;
  b = 0;
  /** What the character leaving a window contributed, to subtract it. */
  readonly dropA: number;
  readonly dropB: number;

  constructor(readonly length: number) {
    this.dropA = hashPower(BASE_A, length - 1);
    this.dropB = hashPower(BASE_B, length - 1);
  }

  reset(): void {
    this.a = 0;
    this.b = 0;
  }

  /** Adds `code` and, once the window is full (`leaving` >= 0), removes the character leaving it. */
  push(code: number, leaving: number): void {
    if (leaving >= 0) {
      this.a = (this.a - Math.imul(leaving, this.dropA)) | 0;
      this.b = (this.b - Math.imul(leaving, this.dropB)) | 0;
    }
    this.a = (Math.imul(this.a, BASE_A) + code) | 0;
    this.b = (Math.imul(this.b, BASE_B) + code) | 0;
  }
}

/**
 * Calls `each(at, a, b)` for every window of `text` of `length` characters, with `at` where it starts.
 * One pass: the cost is linear in the text whatever `length` is.
 */
export function eachWindowHash(
  text: string,
  length: number,
  each: (at: number, a: number, b: number) => void,
) {
  const hash = new RollingHash(length);
  for (let i = 0; i < text.length; i++) {
    hash.push(text.charCodeAt(i), i >= length ? text.charCodeAt(i - length) : -1);
    if (i >= length - 1) each(i - length + 1, hash.a, hash.b);
  }
}
