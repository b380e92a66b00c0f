import type { JwtClaims } from '../verifier/verify-result.js';

/**
 * The subject that `user.hash`, `user.id` and the proof digests are made from: `sub`, when it is a string
 * of 1 to 1024 characters. Shared by the identity a token yields and the check of a proof made with
 * another key held during an `hmacKey` rotation, so both digest the same subject.
 */
export function proofSubject(claims: JwtClaims): string | undefined {
  const { sub } = claims;
  return typeof sub === 'string' && sub.length > 0 && sub.length <= 1024 ? sub : undefined;
}
