import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

// RSA public keys with chosen exponents. node:crypto generates no key with e < 3 or an even e, but takes
// one as a JWK, so these put any exponent on a real modulus made at run time.

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The private half of the modulus every key here shares, to sign real tokens for e = 65537. */
export const RSA_PRIVATE_KEY: KeyObject = pair.privateKey;

const modulus = pair.publicKey.export({ format: 'jwk' }).n as string;

/** `value` as unsigned big-endian bytes, at least one. */
function bytesOf(value: bigint): Buffer {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 === 1 ? `0${hex}` : hex, 'hex');
}

/** A public RSA JWK of exponent `e` on the shared 2048-bit modulus. */
export function rsaJwkWithExponent(e: bigint, extra: JWK = {}): JWK {
  return { kty: 'RSA', n: modulus, e: bytesOf(e).toString('base64url'), ...extra };
}

/** The same key as a KeyObject (asymmetricKeyType 'rsa'). */
export function rsaKeyWithExponent(e: bigint): KeyObject {
  return createPublicKey({ key: rsaJwkWithExponent(e) as import('node:crypto').JsonWebKey, format: 'jwk' });
}

/** The same key as an SPKI PEM. */
export function rsaPemWithExponent(e: bigint): string {
  return String(rsaKeyWithExponent(e).export({ type: 'spki', format: 'pem' }));
}

/** DER tag-length-value. */
function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80
      ? Buffer.from([n])
      : Buffer.concat([Buffer.from([0x80 | bytesOf(BigInt(n)).length]), bytesOf(BigInt(n))]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

/** id-RSASSA-PSS (1.2.840.113549.1.1.10), without parameters: a PSS-only key of any hash. */
const PSS_ALGORITHM = der(0x30, Buffer.from('06092a864886f70d01010a', 'hex'));

/** The same modulus and exponent as an RSA-PSS-only key (asymmetricKeyType 'rsa-pss'). */
export function rsaPssKeyWithExponent(e: bigint): KeyObject {
  const pkcs1 = rsaKeyWithExponent(e).export({ type: 'pkcs1', format: 'der' });
  const spki = der(0x30, Buffer.concat([PSS_ALGORITHM, der(0x03, Buffer.concat([Buffer.from([0]), pkcs1]))]));
  return createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

/** DigestInfo prefix of SHA-256 (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * An RS256 signature of `signingInput` that verifies under the e = 1 key, made without any private key:
 * with e = 1, s^e mod n = s, so the padded digest (RFC 8017 §9.2) is its own signature.
 */
export function forgeExponentOneSignature(signingInput: string): Buffer {
  const digest = createHash('sha256').update(signingInput, 'latin1').digest();
  const t = Buffer.concat([SHA256_DIGEST_INFO, digest]);
  const k = Buffer.from(modulus, 'base64url').length;
  return Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(k - t.length - 3, 0xff), Buffer.from([0]), t]);
}

/** A whole token under the e = 1 key: anyone can make one, which is why such a key must never serve. */
export function forgeExponentOneToken(header: object, claims: object): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${forgeExponentOneSignature(input).toString('base64url')}`;
}
