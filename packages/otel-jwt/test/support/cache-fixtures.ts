import type { Generational, VerifiedCache } from '../../src/verifier/verified-cache.js';
import type { ValidResult } from '../../src/verifier/verify-result.js';

export const FOREVER = Number.POSITIVE_INFINITY;

/** A key ring stand-in: its generation and the end of its keys' usable window can be changed at will. */
export const ringAt = (generation = 0, usableUntilMs = FOREVER) => ({ generation, usableUntilMs });

export function resultFor(token: string): ValidResult {
  return Object.freeze({
    status: 'valid',
    form: 'jws',
    header: Object.freeze({ alg: 'ES256' }),
    claims: Object.freeze({ iss: 'https://idp.example', exp: 2_000_000_000, jti: token }),
    issuer: 'https://idp.example',
    subject: undefined,
    keyId: undefined,
  });
}

/** Stores `name` under the signature `name` with token `h.p.<name>`, and reads it back the same way. */
export function put(
  cache: VerifiedCache,
  name: string,
  ring: Generational,
  expiresAtMs = FOREVER,
): ValidResult {
  const result = resultFor(name);
  cache.set(name, `h.p.${name}`, result, expiresAtMs, ring);
  return result;
}

export const hit = (cache: VerifiedCache, name: string, nowMs = 0) => cache.get(name, `h.p.${name}`, nowMs);
