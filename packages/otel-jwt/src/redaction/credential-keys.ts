import { BoundedCache } from '../internal/bounded-cache.js';
/**
 * Keys whose values are credentials whatever they hold: HTTP header attributes
 * (`http.request.header.authorization`), log fields, map keys. A key is compared by its last
 * dot-separated part, case-insensitively, with `_` read as `-`, so `Authorization`,
 * `http.request.header.x-api-key` and `app.refresh_token` all match.
 */
export const CREDENTIAL_KEY_NAMES: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'token',
  'access-token',
  'id-token',
  'refresh-token',
  'jwt',
  'bearer',
  'assertion',
  'client-assertion',
  'client-secret',
  'secret',
  'password',
  'passwd',
  'private-key',
  'credential',
  'credentials',
  'session-id',
  'sessionid',
];

/** Name endings that mark a credential too (`x-auth-token`, `x-amz-security-token`, `db-password`). */
export const CREDENTIAL_KEY_SUFFIXES: readonly string[] = [
  '-token',
  '-secret',
  '-password',
  '-api-key',
  '-apikey',
  '-jwt',
  '-assertion',
  '-cookie',
];

/** The part of a key that names it: after the last dot, lower case, `_` as `-`. */
export function credentialName(key: string): string {
  return key
    .slice(key.lastIndexOf('.') + 1)
    .toLowerCase()
    .replaceAll('_', '-');
}

function builtInCredential(name: string): boolean {
  if (CREDENTIAL_KEY_NAMES.includes(name)) return true;
  for (const suffix of CREDENTIAL_KEY_SUFFIXES) if (name.endsWith(suffix)) return true;
  return false;
}

/** Keys decided so far; attribute keys are few and repeat, so a decision is made once per key. */
const CACHE_LIMIT = 4096;
/** Longest key whose decision is kept: a client may choose keys of any length (a logged body's). */
const MAX_DECIDED_KEY_CHARS = 256;

/**
 * A key matcher: the built-in names and suffixes, plus `extraNames` (compared the same way) and
 * `predicate` (given the whole key; one that throws counts as a match, failing closed).
 */
export function credentialKeyMatcher(
  extraNames: readonly string[],
  predicate: ((key: string) => boolean) | undefined,
): (key: string) => boolean {
  const extra = new Set(extraNames.map(credentialName));
  const decided = new BoundedCache<string, boolean>(CACHE_LIMIT);
  return (key) => {
    let verdict = decided.get(key);
    if (verdict !== undefined) return verdict;
    const name = credentialName(key);
    verdict = builtInCredential(name) || extra.has(name);
    if (!verdict && predicate !== undefined) {
      try {
        verdict = predicate(key) === true;
      } catch {
        verdict = true;
      }
    }
    // Hostile code could mint unbounded keys: the cache replaces entries at random once full.
    if (key.length <= MAX_DECIDED_KEY_CHARS) decided.set(key, verdict);
    return verdict;
  };
}
