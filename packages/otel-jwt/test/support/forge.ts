import { constants, createHmac, type KeyObject, sign } from 'node:crypto';
import type { TestKey } from './test-keys.js';

/** base64url of a UTF-8 string or raw bytes. */
export function b64(input: string | Uint8Array): string {
  return Buffer.from(typeof input === 'string' ? Buffer.from(input, 'utf8') : input).toString('base64url');
}

/** Signature bytes of `signingInput` under an algorithm, computed with node:crypto. */
export function rawSignature(alg: string, key: KeyObject, signingInput: string): Buffer {
  const data = Buffer.from(signingInput, 'latin1');
  switch (alg) {
    case 'HS256':
      return createHmac('sha256', key).update(data).digest();
    case 'RS256':
      return sign('sha256', data, key);
    case 'PS256':
      return sign('sha256', data, {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      });
    case 'ES256':
      return sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
    case 'EdDSA':
      return sign(null, data, key);
    default:
      throw new Error(`no signer for ${alg}`);
  }
}

/**
 * A compact JWS from already-encoded header and payload segments, signed over exactly those
 * segments. Lets tests build tokens no library would produce (duplicate members, padding, deep JSON).
 */
export function signSegments(
  headerSegment: string,
  payloadSegment: string,
  key: TestKey,
  alg = key.alg,
): string {
  const input = `${headerSegment}.${payloadSegment}`;
  return `${input}.${b64(rawSignature(alg, key.signingKey, input))}`;
}

/** A compact JWS of JSON header and payload texts (given as text so they may be odd on purpose). */
export function signJson(headerJson: string, payloadJson: string, key: TestKey, alg = key.alg): string {
  return signSegments(b64(headerJson), b64(payloadJson), key, alg);
}

/** A token with the usual header for a key and the given claims. */
export function signClaims(
  key: TestKey,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): string {
  return signJson(
    JSON.stringify({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...header }),
    JSON.stringify(claims),
    key,
  );
}
