import { KeyObject } from 'node:crypto';
import { importJWK, type JSONWebKeySet, type JWK } from 'jose';
import { diagnostics } from '../internal/diagnostics.js';
import type { JwsAlgorithm } from './algorithms.js';
import { type BoundKey, keyUnfitness } from './bound-key.js';
import { bindJwk, isRefusal } from './jwk-binding.js';

/** Keys taken from one remote set; lookups of kid-less tokens scan them, so an IdP cannot make that costly. */
const MAX_REMOTE_KEYS = 100;

/**
 * The usable keys of a fetched JWK set, imported with jose and held as KeyObjects. A key that cannot
 * serve the issuer's policy is skipped with a diagnostic (never its material), not the whole set.
 */
export async function importRemoteKeySet(
  set: JSONWebKeySet | undefined,
  allowed: readonly JwsAlgorithm[],
  issuer: string,
): Promise<BoundKey[]> {
  const bound: BoundKey[] = [];
  const keys: readonly JWK[] = set?.keys ?? [];
  if (keys.length > MAX_REMOTE_KEYS) {
    diagnostics.warn(
      `otel-jwt: the key set of issuer ${issuer} has ${keys.length} keys; only the first ${MAX_REMOTE_KEYS} are used`,
    );
  }
  for (const [index, jwk] of keys.slice(0, MAX_REMOTE_KEYS).entries()) {
    let reason: string | undefined;
    try {
      reason = await importOne(jwk, allowed, bound);
    } catch {
      // One malformed key must not take the good ones of its set down with it.
      reason = 'key is malformed';
    }
    if (reason !== undefined) {
      diagnostics.warn(`otel-jwt: skipped key ${index} of the key set of issuer ${issuer}: ${reason}`);
    }
  }
  return bound;
}

async function importOne(
  jwk: JWK,
  allowed: readonly JwsAlgorithm[],
  into: BoundKey[],
): Promise<string | undefined> {
  if (jwk.kty === 'oct') return 'shared secrets are never taken from a remote key set';
  if (jwk.d !== undefined) return 'private key material in a public key set';
  const spec = bindJwk(jwk, allowed);
  if (isRefusal(spec)) return spec.reason;
  let key: KeyObject;
  try {
    const imported = await importJWK(jwk, spec.alg);
    if (imported instanceof Uint8Array) return 'not a public key';
    key = KeyObject.from(imported);
  } catch {
    return 'key cannot be imported';
  }
  const unfit = keyUnfitness(key, spec);
  if (unfit !== undefined) return unfit;
  if (jwk.kid !== undefined && typeof jwk.kid !== 'string') return 'kid is not a string';
  into.push({ kid: jwk.kid, spec, key });
  return undefined;
}
