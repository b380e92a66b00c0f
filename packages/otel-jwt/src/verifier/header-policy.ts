import type { InvalidCode } from './verify-result.js';

/**
 * Header checks that need no key: an algorithm the verifier supports (so `none`, in any spelling,
 * never passes), no `crit` extension (none is understood, so RFC 7515 §4.1.11 says reject), and no
 * unencoded payload (`b64` other than true; RFC 7797 has no place in a JWT).
 * Embedded key headers (`jwk`, `jku`, `x5u`, `x5c`) are simply never read: keys come from the key ring.
 */
export function checkHeader(
  header: Readonly<Record<string, unknown>>,
  supported: (alg: unknown) => boolean,
): InvalidCode | undefined {
  if (!supported(header.alg)) return typeof header.alg === 'string' ? 'alg_not_allowed' : 'invalid_header';
  if (header.kid !== undefined && typeof header.kid !== 'string') return 'invalid_header';
  if (header.crit !== undefined) return 'unsupported_crit';
  if (header.b64 !== undefined && header.b64 !== true) return 'unencoded_payload';
  return undefined;
}

/** `typ` comparison as jose does it: case-insensitive, with `application/` implied when no `/` is given. */
export function normalizeTyp(value: string): string {
  const lower = value.toLowerCase();
  return value.includes('/') ? lower : `application/${lower}`;
}

/** Whether a header's `typ` is acceptable under an issuer's accepted set. */
export function typAccepted(typ: unknown, accepted: ReadonlySet<string>, missingOk: boolean): boolean {
  if (typ === undefined) return missingOk;
  // The exact spelling first (see acceptedTypeSet): the common case allocates nothing.
  return typeof typ === 'string' && (accepted.has(typ) || accepted.has(normalizeTyp(typ)));
}

/**
 * The set {@link typAccepted} consults: each accepted type normalized, plus spellings that normalize to
 * the same value (as configured, and its lowercase short form, `at+jwt` for `application/at+jwt`).
 */
export function acceptedTypeSet(types: readonly string[]): ReadonlySet<string> {
  const set = new Set<string>();
  for (const type of types) {
    set.add(normalizeTyp(type));
    set.add(type);
    if (!type.includes('/')) set.add(type.toLowerCase());
  }
  return set;
}
