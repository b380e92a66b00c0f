import * as crypto from 'node:crypto';
import { keyPads, oneShotHash } from './hmac-pads.js';

/** HMAC-SHA-256 under one fixed key, truncated to its first 16 bytes. */
export type Mac = (input: string, encoding: 'hex' | 'base64url') => string;

const BLOCK = 64;
const MAX_INPUT = 1024;

/**
 * RFC 2104 HMAC with the padded key blocks prepared once and two one-shot `crypto.hash` calls: about
 * half the time of `createHmac` per call, which matters on the request path (a proof check per
 * request). The digests come back as latin1 strings: on Node 24 a Buffer result costs as much again as
 * the hash itself. Falls back to `createHmac` where `crypto.hash` is missing (Node < 20.12) and for long inputs.
 * Calls are synchronous, so the scratch buffers are never shared between two computations.
 */
export function hmacSha256(key: Uint8Array): Mac {
  const secret = crypto.createSecretKey(key);
  const slow: Mac = (input, encoding) =>
    crypto.createHmac('sha256', secret).update(input).digest().toString(encoding, 0, 16);
  const oneShot = oneShotHash;
  if (oneShot === undefined || key.byteLength > BLOCK) return slow;
  const { inner, outer } = keyPads(key, BLOCK, { inner: BLOCK + MAX_INPUT, outer: BLOCK + 32 });
  return (input, encoding) => {
    // Worst case 3 UTF-8 bytes per UTF-16 unit: anything that might not fit takes the slow path.
    if (input.length * 3 > MAX_INPUT) return slow(input, encoding);
    const written = inner.write(input, BLOCK, 'utf8');
    outer.write(oneShot('sha256', inner.subarray(0, BLOCK + written), 'latin1'), BLOCK, 'latin1');
    // The outer digest's first 16 bytes go where the inner digest was, to be encoded from there.
    outer.write(oneShot('sha256', outer, 'latin1'), BLOCK, 16, 'latin1');
    return outer.toString(encoding, BLOCK, BLOCK + 16);
  };
}

/**
 * Compares a computed mac with one received, in constant time, so response timing cannot guide a forger
 * through the mac one character at a time. Both are short ASCII strings.
 */
export function macsEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'latin1');
  const b = Buffer.from(given, 'latin1');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
