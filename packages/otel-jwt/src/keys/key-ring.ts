import type { BoundKey } from './bound-key.js';

/** Outcome of looking a key up for one token. */
export type KeyLookup =
  | { readonly found: true; readonly key: BoundKey }
  | { readonly found: false; readonly code: 'unknown_key' | 'kid_required' | 'keys_unavailable' };

const NO_KEYS: KeyLookup = { found: false, code: 'keys_unavailable' };
const UNKNOWN: KeyLookup = { found: false, code: 'unknown_key' };
const AMBIGUOUS: KeyLookup = { found: false, code: 'kid_required' };

/**
 * The keys of one issuer, replaced whole on each refresh and usable until `usableUntilMs` (the end of
 * the stale-if-error window for remote keys). `generation` changes whenever a key is dropped or
 * changed, so cached verdicts made with a key that is gone are not served.
 */
export class KeyRing {
  private byKid = new Map<string, BoundKey[]>();
  private withoutKid: BoundKey[] = [];
  private all: readonly BoundKey[] = [];
  private loaded = false;
  usableUntilMs = Number.POSITIVE_INFINITY;
  generation = 0;

  replace(keys: readonly BoundKey[], usableUntilMs = Number.POSITIVE_INFINITY): void {
    // Any change of the set (a key added, dropped or altered) invalidates cached verdicts: a cached
    // kid-less token might now be ambiguous. An identical refresh keeps them.
    const kept =
      keys.length === this.all.length && this.all.every((old) => keys.some((k) => sameKey(old, k)));
    const byKid = new Map<string, BoundKey[]>();
    const withoutKid: BoundKey[] = [];
    for (const key of keys) {
      if (key.kid === undefined) withoutKid.push(key);
      else byKid.set(key.kid, [...(byKid.get(key.kid) ?? []), key]);
    }
    this.byKid = byKid;
    this.withoutKid = withoutKid;
    this.all = keys;
    this.loaded = true;
    this.usableUntilMs = usableUntilMs;
    if (!kept) this.generation++;
  }

  /** Forgets every key, as when stale keys pass their stale-if-error window. */
  clear(): void {
    this.byKid = new Map();
    this.withoutKid = [];
    this.all = [];
    this.loaded = false;
    this.generation++;
  }

  get size(): number {
    return this.all.length;
  }

  /**
   * The key for a token's `kid` and `alg`, with jose's semantics: a token with a `kid` needs a key of
   * that `kid` (or a single configured key without one); a token without `kid` needs exactly one key
   * of its algorithm.
   */
  lookup(kid: unknown, alg: string, nowMs: number): KeyLookup {
    if (!this.loaded || nowMs >= this.usableUntilMs) return NO_KEYS;
    let candidates: readonly BoundKey[];
    if (typeof kid === 'string') {
      const keys = this.byKid.get(kid);
      if (keys !== undefined) {
        // Same kid under several algorithms: the token's alg picks; otherwise the single key decides
        // and the algorithm binding check rejects a mismatch.
        return { found: true, key: keys.find((k) => k.spec.alg === alg) ?? (keys[0] as BoundKey) };
      }
      candidates = this.withoutKid.filter((k) => k.anyKid === true && k.spec.alg === alg);
    } else {
      candidates = this.all.filter((k) => k.spec.alg === alg);
    }
    if (candidates.length === 1) return { found: true, key: candidates[0] as BoundKey };
    if (candidates.length > 1) return AMBIGUOUS;
    return UNKNOWN;
  }
}

function sameKey(a: BoundKey, b: BoundKey): boolean {
  return a.kid === b.kid && a.spec === b.spec && a.anyKid === b.anyKid && a.key.equals(b.key);
}
