import type { KeyObject } from 'node:crypto';
import * as crypto from 'node:crypto';
import { keyPads, oneShotHash } from '../internal/hmac-pads.js';

type Hash = 'sha256' | 'sha384' | 'sha512';
const oneShot = oneShotHash;

const BLOCK_BYTES: Readonly<Record<Hash, number>> = { sha256: 64, sha384: 128, sha512: 128 };
const DIGEST_BYTES: Readonly<Record<Hash, number>> = { sha256: 32, sha384: 48, sha512: 64 };
/** Longest signing input the prepared pads take; a longer one (rare: tokens are a few KB) goes through createHmac. */
export const MAX_PADDED_INPUT = 16_384;

/** One key's RFC 2104 pads: `inner` is the ipad block alone, `outer` the opad block and room for the inner digest. */
interface Pads {
  readonly hash: Hash;
  readonly inner: Buffer;
  readonly outer: Buffer;
}

/** Made once per key; `null` when the key's bytes cannot be read (then createHmac serves). */
const padsByKey = new WeakMap<KeyObject, Pads | null>();
/** The inner hash's input: ipad block, then the signing input. Synchronous use only, so never shared by two checks. */
const INNER = Buffer.alloc(128 + MAX_PADDED_INPUT);

function padsOf(key: KeyObject, hash: Hash): Pads | null {
  let pads = padsByKey.get(key);
  if (pads !== undefined && (pads === null || pads.hash === hash)) return pads;
  pads = null;
  try {
    const block = BLOCK_BYTES[hash];
    let secret: Buffer = key.export();
    // RFC 2104 §2: a key longer than the block is hashed first.
    if (secret.length > block) secret = crypto.createHash(hash).update(secret).digest();
    pads = { hash, ...keyPads(secret, block, { inner: block, outer: block + DIGEST_BYTES[hash] }) };
  } catch {
    // Leaves pads null: the createHmac path needs nothing but the KeyObject.
  }
  padsByKey.set(key, pads);
  return pads;
}

/**
 * Whether `signature` is the HMAC of `signingInput` under `key`, compared in constant time. With a
 * `KeyObject`, node:crypto's createHmac costs about 3 µs a token on Node 24, most of it setting up the
 * Hmac object; the same RFC 2104 construction as two one-shot `crypto.hash` calls over pads prepared once
 * per key costs about a third of that. The pads are as secret as the key and live as long as it.
 */
export function hmacMatches(key: KeyObject, hash: Hash, signingInput: Buffer, signature: Buffer): boolean {
  const pads = oneShot === undefined || signingInput.length > MAX_PADDED_INPUT ? null : padsOf(key, hash);
  if (pads === null || oneShot === undefined) {
    const expected = crypto.createHmac(hash, key).update(signingInput).digest();
    return expected.length === signature.length && crypto.timingSafeEqual(expected, signature);
  }
  const block = pads.inner.length;
  pads.inner.copy(INNER, 0);
  signingInput.copy(INNER, block);
  const innerDigest = oneShot(hash, INNER.subarray(0, block + signingInput.length), 'latin1');
  pads.outer.write(innerDigest, block, 'latin1');
  const mac = oneShot(hash, pads.outer, 'latin1');
  // Every byte is compared whatever the first difference, so timing tells a forger nothing.
  let difference = mac.length ^ signature.length;
  for (let index = 0; index < mac.length; index++) {
    difference |= mac.charCodeAt(index) ^ (signature[index] ?? 0);
  }
  return difference === 0;
}
