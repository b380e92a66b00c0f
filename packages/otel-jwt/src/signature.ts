import { createHmac, timingSafeEqual, verify } from 'node:crypto';
import { PSS_OPTIONS } from './algorithms.js';
import type { BoundKey } from './bound-key.js';

/**
 * Checks a JWS signature synchronously with node:crypto. `signingInput` is the ASCII
 * `header.payload` part of the token. Never throws: any crypto failure means "not verified".
 */
export function checkSignature(bound: BoundKey, signingInput: Buffer, signature: Buffer): boolean {
  const { spec, key } = bound;
  if (spec.signatureBytes !== undefined && signature.length !== spec.signatureBytes) return false;
  try {
    switch (spec.family) {
      case 'hmac': {
        const expected = createHmac(spec.hash as string, key)
          .update(signingInput)
          .digest();
        return timingSafeEqual(expected, signature);
      }
      case 'rsa':
        return verify(spec.hash, signingInput, key, signature);
      case 'rsa-pss':
        return verify(spec.hash, signingInput, { key, ...PSS_OPTIONS }, signature);
      case 'ecdsa':
        return verify(spec.hash, signingInput, { key, dsaEncoding: 'ieee-p1363' }, signature);
      case 'eddsa':
        return verify(null, signingInput, key, signature);
    }
  } catch {
    return false;
  }
}
