const BASE64URL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Decodes canonical base64url (RFC 7515 §2): no padding, no whitespace, no characters outside the
 * alphabet, and no non-zero bits in the unused tail of the last character. Node's decoder silently
 * skips all of these, which would let two different strings carry the same bytes.
 * Returns undefined for anything else.
 */
export function decodeBase64url(segment: string): Buffer | undefined {
  const length = segment.length;
  const tail = length % 4;
  if (tail === 1 || !BASE64URL.test(segment)) return undefined;
  if (tail !== 0) {
    // 2 characters carry 8 bits (4 unused), 3 characters carry 16 bits (2 unused).
    const last = ALPHABET.indexOf(segment.charAt(length - 1));
    const unusedMask = tail === 2 ? 0b1111 : 0b11;
    if ((last & unusedMask) !== 0) return undefined;
  }
  return Buffer.from(segment, 'base64url');
}
