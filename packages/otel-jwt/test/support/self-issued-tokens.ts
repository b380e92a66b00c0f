import { createHmac, randomBytes } from 'node:crypto';
import type { SelfIssuedConfig } from '../../src/verifier/verifier-config.js';
import { keep } from './config-errors.js';
import { b64 } from './forge.js';

// Tokens of a service's own shared secret, as a Flask monolith mints them with PyJWT:
// `jwt.encode({"username": ..., "role": ..., "exp": ..., "iat": ...}, SECRET_KEY, algorithm="HS256")`.

/** The monolith's SECRET_KEY: a string, used as its UTF-8 bytes (as PyJWT does). Made at run time. */
export const MONOLITH_SECRET = randomBytes(32).toString('base64url');
keep(MONOLITH_SECRET);

const HASHES = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;
export type HmacAlg = keyof typeof HASHES;

/**
 * A token as PyJWT 2 writes it: header `{"alg":...,"typ":"JWT"}` (sorted keys, `extraHeader` merged in;
 * a member set to undefined is left out), payload as given, both compact JSON, HMAC over the two segments.
 */
export function pyjwtEncode(
  claims: Record<string, unknown>,
  secret: string | Uint8Array = MONOLITH_SECRET,
  alg: HmacAlg = 'HS256',
  extraHeader: Record<string, unknown> = {},
): string {
  const header = { alg, typ: 'JWT', ...extraHeader };
  const sorted = Object.fromEntries(Object.entries(header).sort(([a], [b]) => (a < b ? -1 : 1)));
  const input = `${b64(JSON.stringify(sorted))}.${b64(JSON.stringify(claims))}`;
  return `${input}.${b64(createHmac(HASHES[alg], secret).update(input).digest())}`;
}

/** The monolith's claims: username, role, exp (an hour on) and iat; `over` replaces or adds members. */
export function monolithClaims(
  nowSeconds: number,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return { username: 'alice', role: 'admin', exp: nowSeconds + 3600, iat: nowSeconds, ...over };
}

/** A self-issued issuer of the monolith's tokens; `over` replaces its members. */
export function monolith(over: Partial<SelfIssuedConfig> = {}): SelfIssuedConfig {
  return {
    kind: 'self-issued',
    name: 'monolith',
    secrets: [{ secret: MONOLITH_SECRET, alg: 'HS256' }],
    subjectClaim: 'username',
    ...over,
  };
}
