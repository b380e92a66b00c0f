// Pseudo-random bytes from a fixed seed (an AES-CTR key stream), so flood runs repeat: fast enough to
// give every request kilobytes never sent before, with no 16-character window of them repeated.
import { createCipheriv, createHash } from 'node:crypto';

export type SeededBytes = (count: number) => Buffer;

export function seededBytes(seed: string): SeededBytes {
  const key = createHash('sha256').update(seed).digest();
  const stream = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16));
  return (count) => stream.update(Buffer.alloc(count));
}

/** `chars` random base64url characters. */
export function randomText(bytes: SeededBytes, chars: number): string {
  return bytes(Math.ceil((chars * 3) / 4))
    .toString('base64url')
    .slice(0, chars);
}
