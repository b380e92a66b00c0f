// Compact JWS pieces built by hand, to a given length: a claims segment padded with random text so
// the whole token lands just under a size limit, and forged tokens around it.
import { AUDIENCE, ISSUER } from './idp-server.ts';
import { randomText, type SeededBytes } from './seeded-bytes.ts';

/** An ES256 signature is 64 bytes: 86 base64url characters. */
export const ES256_SIGNATURE_CHARS = 86;

export function encodeSegment(json: unknown): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

/** Claims an access token of the test issuer carries, for user `n`, valid for an hour. */
export function issuerClaims(n: number): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: `user-${n}`,
    roles: ['buyer'],
    tenant: `t${n % 7}`,
    iat: now,
    exp: now + 3600,
    jti: `flood-${n}`,
  };
}

/**
 * `claims` with a `profile` claim of random text, encoded as a segment of at most `segmentChars`
 * characters (and at most 4 fewer).
 */
export function paddedClaims(
  claims: Record<string, unknown>,
  segmentChars: number,
  bytes: SeededBytes,
): string {
  const bare = JSON.stringify({ ...claims, profile: '' }).length;
  const room = Math.floor(segmentChars / 4) * 3 - bare;
  if (room < 0) throw new Error(`claims do not fit in ${segmentChars} characters`);
  return encodeSegment({ ...claims, profile: randomText(bytes, room) });
}

/** A token of exactly-ish `tokenChars` characters: header, padded claims, a random signature. */
export function forgedToken(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  tokenChars: number,
  bytes: SeededBytes,
): string {
  const head = encodeSegment(header);
  const body = paddedClaims(claims, tokenChars - head.length - ES256_SIGNATURE_CHARS - 2, bytes);
  return `${head}.${body}.${bytes(64).toString('base64url')}`;
}
