import { verify } from 'node:crypto';
import { PSS_OPTIONS } from '../keys/algorithms.js';
import type { BoundKey } from '../keys/bound-key.js';
import { checkSignature, ecdsaRawToDer, modulusBytes } from './signature.js';

/**
 * {@link checkSignature} with the public-key check on libuv's thread pool (node:crypto's callback form),
 * for the admission step: the same key, input, encodings and length rules, so the same answer. HMAC stays
 * on the calling thread (node:crypto has no asynchronous form, and it costs microseconds). Never rejects.
 */
export function checkSignatureAsync(
  bound: BoundKey,
  signingInput: Buffer,
  signature: Buffer,
): Promise<boolean> {
  const { spec, key } = bound;
  if (spec.family === 'hmac') return Promise.resolve(checkSignature(bound, signingInput, signature));
  if (spec.signatureBytes !== undefined && signature.length !== spec.signatureBytes)
    return Promise.resolve(false);
  if ((spec.family === 'rsa' || spec.family === 'rsa-pss') && signature.length !== modulusBytes(key)) {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const done = (error: Error | null, ok: boolean) => resolve(error === null && ok === true);
    try {
      switch (spec.family) {
        case 'rsa':
          verify(spec.hash, signingInput, key, signature, done);
          return;
        case 'rsa-pss':
          verify(spec.hash, signingInput, { key, ...PSS_OPTIONS }, signature, done);
          return;
        case 'ecdsa':
          verify(spec.hash, signingInput, key, ecdsaRawToDer(signature), done);
          return;
        case 'eddsa':
          verify(null, signingInput, key, signature, done);
          return;
      }
    } catch {
      resolve(false);
    }
  });
}
