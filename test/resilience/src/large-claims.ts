// Valid tokens with large claim sets, signed with node:crypto directly (jose signs asynchronously, at
// far more per token), every one distinct from end to end: a repeated token would be a cache hit.
import { type KeyObject, sign } from 'node:crypto';
import { encodeSegment, issuerClaims, paddedClaims } from './jwt-shape.ts';
import { seededBytes } from './seeded-bytes.ts';

/** `count` ES256 access tokens of the test issuer signed by `key` (`kid`), each about `tokenChars` long. */
export function mintLargeClaimTokens(
  key: KeyObject,
  kid: string,
  count: number,
  tokenChars: number,
): string[] {
  const bytes = seededBytes('large claims');
  const head = encodeSegment({ alg: 'ES256', kid, typ: 'at+jwt' });
  const tokens: string[] = new Array(count);
  for (let n = 0; n < count; n++) {
    const input = `${head}.${paddedClaims(issuerClaims(n), tokenChars - head.length - 88, bytes)}`;
    // DER, then converted: asking node:crypto for ieee-p1363 directly costs three times as much.
    const signature = joseSignature(sign('sha256', Buffer.from(input), key));
    tokens[n] = `${input}.${signature.toString('base64url')}`;
  }
  return tokens;
}

/** A P-256 ECDSA signature in DER (a SEQUENCE of two INTEGERs) as JWS has it: r and s, 32 bytes each. */
function joseSignature(der: Buffer): Buffer {
  const out = Buffer.alloc(64);
  // The SEQUENCE's tag and length (one byte: a P-256 signature is at most 72 bytes).
  let at = 2;
  for (let part = 0; part < 2; part++) {
    const length = der[at + 1] as number;
    const value = der.subarray(at + 2, at + 2 + length);
    // An INTEGER may carry a leading zero byte (sign) or be shorter than 32 bytes.
    const digits = value.subarray(Math.max(0, value.length - 32));
    digits.copy(out, part * 32 + 32 - digits.length);
    at += 2 + length;
  }
  return out;
}
