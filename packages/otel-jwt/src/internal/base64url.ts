const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Value of each ASCII character in the base64url alphabet; -1 for the others. */
const VALUE = new Int8Array(128).fill(-1);
for (let index = 0; index < ALPHABET.length; index++) VALUE[ALPHABET.charCodeAt(index)] = index;

/**
 * Decodes canonical base64url (RFC 7515 §2): no padding, no whitespace, no characters outside the
 * alphabet, and no non-zero bits in the unused tail of the last character. Node's decoder silently
 * skips all of these, which would let two different strings carry the same bytes.
 * Returns undefined for anything else.
 *
 * Checked without a pass over the characters in JavaScript (a regular expression cost as much as the
 * decoding): an ASCII-only segment (a character above 0xFF could otherwise reach Node's fallback decoder
 * as its low byte) holding neither `+` nor `/` (Node takes the standard alphabet too) decodes to exactly
 * 3 bytes per 4 characters only when Node skipped nothing and stopped at no `=`.
 */
export function decodeBase64url(segment: string): Buffer | undefined {
  const length = segment.length;
  const tail = length % 4;
  if (tail === 1) return undefined;
  if (Buffer.byteLength(segment, 'utf8') !== length) return undefined;
  if (segment.indexOf('+') >= 0 || segment.indexOf('/') >= 0) return undefined;
  if (tail !== 0) {
    // 2 characters carry 8 bits (4 unused), 3 characters carry 16 bits (2 unused). A character outside
    // the alphabet here has value -1, which fails the mask.
    const last = VALUE[segment.charCodeAt(length - 1)] as number;
    const unusedMask = tail === 2 ? 0b1111 : 0b11;
    if ((last & unusedMask) !== 0) return undefined;
  }
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.length === (length * 3) >>> 2 ? bytes : undefined;
}
