import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { PSS_OPTIONS } from '../keys/algorithms.js';
import type { BoundKey } from '../keys/bound-key.js';
import { hmacMatches } from './hmac-signature.js';

// Node 24 throws+catches in isKeyObject() for non-KeyObject key arguments (~20-45 µs/call); Node 20 does not.
const BARE_KEY_OBJECTS = Number(process.versions.node.split('.')[0]) >= 24;

/**
 * Checks a JWS signature synchronously with node:crypto. `signingInput` is the ASCII
 * `header.payload` part of the token. Never throws: any crypto failure means "not verified".
 */
export function checkSignature(bound: BoundKey, signingInput: Buffer, signature: Buffer): boolean {
  const { spec, key } = bound;
  if (spec.signatureBytes !== undefined && signature.length !== spec.signatureBytes) return false;
  try {
    switch (spec.family) {
      case 'hmac':
        return hmacMatches(key, spec.hash as 'sha256' | 'sha384' | 'sha512', signingInput, signature);
      case 'rsa':
        if (signature.length !== modulusBytes(key)) return false;
        return verify(spec.hash, signingInput, key, signature);
      case 'rsa-pss':
        if (signature.length !== modulusBytes(key)) return false;
        return BARE_KEY_OBJECTS
          ? verify(spec.hash, signingInput, pssKey(key), signature)
          : verify(spec.hash, signingInput, { key, ...PSS_OPTIONS }, signature);
      case 'ecdsa':
        return BARE_KEY_OBJECTS
          ? verify(spec.hash, signingInput, key, ecdsaRawToDer(signature))
          : verify(spec.hash, signingInput, { key, dsaEncoding: 'ieee-p1363' }, signature);
      case 'eddsa':
        return verify(null, signingInput, key, signature);
    }
  } catch {
    return false;
  }
}

const modulusSizes = new WeakMap<KeyObject, number>();

/**
 * RFC 8017 §8.1.2 and §8.2.2 step 1: an RSA signature is exactly as long as the modulus. OpenSSL (and so
 * jose) also takes one with leading zero bytes stripped, which lets the same signed content travel as two
 * different token strings.
 */
export function modulusBytes(key: KeyObject): number {
  let bytes = modulusSizes.get(key);
  if (bytes === undefined) {
    bytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    modulusSizes.set(key, bytes);
  }
  return bytes;
}

type PssKey = KeyObject | (typeof PSS_OPTIONS & { readonly key: KeyObject });
const pssKeys = new WeakMap<KeyObject, PssKey>();

/**
 * A copy of an RSA public key that carries the PSS options (RFC 7518 §3.5: salt as long as the hash)
 * as its own properties. node:crypto reads `padding` and `saltLength` from whatever key argument it is
 * given, KeyObjects included, so this verifies exactly as `{ key, ...PSS_OPTIONS }` does, without the
 * cost of a non-KeyObject argument. Made once per key; the key ring's own KeyObject is left untouched.
 */
function pssKey(key: KeyObject): PssKey {
  let carrying = pssKeys.get(key);
  if (carrying === undefined) {
    try {
      const copy = createPublicKey({
        key: key.export({ type: 'spki', format: 'der' }),
        format: 'der',
        type: 'spki',
      });
      carrying = Object.defineProperties(copy, {
        padding: { value: PSS_OPTIONS.padding },
        saltLength: { value: PSS_OPTIONS.saltLength },
      });
    } catch {
      carrying = { key, ...PSS_OPTIONS };
    }
    pssKeys.set(key, carrying);
  }
  return carrying;
}

/**
 * A JWS ECDSA signature (r || s, each as wide as the curve order; RFC 7518 §3.4) in the DER form
 * (SEQUENCE of two minimal INTEGERs) that node:crypto verifies by default. The length was checked before.
 */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  const end = raw.length;
  const half = end >>> 1;
  let r = 0;
  while (r < half - 1 && raw[r] === 0) r++;
  let s = half;
  while (s < end - 1 && raw[s] === 0) s++;
  const rPad = (raw[r] as number) >= 0x80 ? 1 : 0;
  const sPad = (raw[s] as number) >= 0x80 ? 1 : 0;
  const rLength = half - r + rPad;
  const sLength = end - s + sPad;
  const body = 4 + rLength + sLength; // at most 4 + 67 + 67 (ES512)
  const der = Buffer.allocUnsafe((body < 0x80 ? 2 : 3) + body);
  let at = 0;
  der[at++] = 0x30;
  if (body >= 0x80) der[at++] = 0x81;
  der[at++] = body;
  der[at++] = 0x02;
  der[at++] = rLength;
  if (rPad === 1) der[at++] = 0;
  at += raw.copy(der, at, r, half);
  der[at++] = 0x02;
  der[at++] = sLength;
  if (sPad === 1) der[at++] = 0;
  raw.copy(der, at, s, end);
  return der;
}
