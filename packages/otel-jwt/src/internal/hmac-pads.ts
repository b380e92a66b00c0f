import * as crypto from 'node:crypto';

type OneShot = (algorithm: string, data: Uint8Array, outputEncoding: 'latin1') => string;

/**
 * `crypto.hash` (Node 20.12+): one call, no Hash object, a latin1 string result (on Node 24 a Buffer
 * result costs as much again as the hash itself). Undefined before, where createHmac serves.
 */
export const oneShotHash = (crypto as unknown as { hash?: OneShot }).hash;

/**
 * RFC 2104's two key blocks, `block` bytes each: the key XOR ipad and the key XOR opad (a key shorter
 * than the block is padded with zeros; the caller hashes a longer one first). Each is written at the start
 * of a buffer of `inner` and `outer` bytes, the room after it left for what the caller hashes with it.
 * As secret as the key.
 */
export function keyPads(
  secret: Uint8Array,
  block: number,
  sizes: { readonly inner: number; readonly outer: number },
): { readonly inner: Buffer; readonly outer: Buffer } {
  const inner = Buffer.alloc(sizes.inner);
  const outer = Buffer.alloc(sizes.outer);
  for (let index = 0; index < block; index++) {
    const byte = secret[index] ?? 0;
    inner[index] = byte ^ 0x36;
    outer[index] = byte ^ 0x5c;
  }
  return { inner, outer };
}
