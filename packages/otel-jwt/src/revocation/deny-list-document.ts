/** Why a deny-list document was refused whole (the last good one keeps serving). */
export type DenyListDocumentCode = 'invalid_document' | 'too_many_entries';

/** Longest `jti` taken, in characters, from the document and from `revoke()` alike. */
export const MAX_JTI_CHARS = 1024;
/**
 * Latest NumericDate taken (9999-12-31T23:59:59Z). A later one is a unit mistake: milliseconds given for
 * seconds put the entry some 50,000 years ahead.
 */
export const MAX_NUMERIC_DATE = 253_402_300_799;

/**
 * The instant (ms) a deny-list entry for `untilSeconds` goes: `untilSeconds` plus `graceMs`, rounded up to
 * whole seconds. The claims checks accept a token while `exp` is after the current whole second less the
 * clock tolerance, that is until `exp` plus the tolerance rounded up: its revocation must last as long,
 * for a fractional `exp` (or tolerance) too.
 */
export function entryEndMilliseconds(untilSeconds: number, graceMs: number): number {
  return Math.ceil(untilSeconds + graceMs / 1000) * 1000;
}

/** Whether `jti` is a string the deny-list can hold. */
export function isDeniableJti(jti: unknown): jti is string {
  return typeof jti === 'string' && jti.length > 0 && jti.length <= MAX_JTI_CHARS;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The live entries of a deny-list document `{ "revoked": [ { "jti": string, "exp": NumericDate } ] }`:
 * each `jti` with the instant (ms) its entry may be dropped, `graceMs` after its `exp`, rounded up to whole
 * seconds (see {@link entryEndMilliseconds}; the latest when a `jti` is listed twice). Entries already past
 * that instant are skipped. One malformed entry refuses the whole document: taking the rest would silently
 * drop a revocation the issuer meant (a `jti` sent as a number, say). Members not named here are ignored.
 * Never throws.
 */
export function parseDenyListDocument(
  text: string,
  nowMs: number,
  maxEntries: number,
  graceMs = 0,
): ReadonlyMap<string, number> | DenyListDocumentCode {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'invalid_document';
  }
  const revoked = isObject(body) ? body.revoked : undefined;
  if (!Array.isArray(revoked)) return 'invalid_document';
  const entries = new Map<string, number>();
  for (const entry of revoked as unknown[]) {
    if (!isObject(entry)) return 'invalid_document';
    const { jti, exp } = entry;
    if (!isDeniableJti(jti) || typeof exp !== 'number' || !Number.isFinite(exp) || exp > MAX_NUMERIC_DATE) {
      return 'invalid_document';
    }
    const expMs = entryEndMilliseconds(exp, graceMs);
    if (expMs <= nowMs) continue;
    const known = entries.get(jti);
    if (known === undefined && entries.size >= maxEntries) return 'too_many_entries';
    if (known === undefined || expMs > known) entries.set(jti, expMs);
  }
  return entries;
}
