import { OldestKeys } from '../internal/oldest-keys.js';
import type { IntrospectedClaims } from './introspection-answer.js';

/** What is known of an opaque token: the synchronous answer of `Introspections.lookup`. */
export type IntrospectionLookup =
  | { readonly kind: 'active'; readonly claims: IntrospectedClaims }
  | { readonly kind: 'inactive' }
  /** The last attempt failed, moments ago. */
  | { readonly kind: 'failed' }
  /** No answer held: never asked, expired, or evicted. */
  | { readonly kind: 'unknown' };

/** Most inactive and failed answers kept (fewer when `maxCachedTokens` is smaller). */
export const MAX_REFUSED_ANSWERS = 1024;

const UNKNOWN: IntrospectionLookup = Object.freeze({ kind: 'unknown' });

interface Entry {
  readonly answer: IntrospectionLookup;
  readonly untilMs: number;
  /** An active answer that ends at the cache bound rather than at its token's `exp`: worth renewing. */
  readonly renewable: boolean;
  /** Value of the insertion counter when the entry was last put at the back (active answers). */
  stamp: number;
}

/**
 * The answers held, by token digest, in two caches: active answers (`capacity` of them, approximately
 * least recently used out first) and inactive or failed ones (at most {@link MAX_REFUSED_ANSWERS}, oldest
 * out first). Anyone can send made-up opaque strings, and each one gets an inactive or failed answer: kept
 * apart, they can never push out a real user's active answer. An active answer stays held past its end,
 * until replaced or evicted, so that its token's next introspection is known as a renewal (see
 * {@link renewable}).
 */
export class IntrospectionAnswers {
  private readonly active = new Map<string, Entry>();
  private readonly oldestActive = new OldestKeys(this.active);
  private readonly refused = new Map<string, Entry>();
  private readonly oldestRefused = new OldestKeys(this.refused);
  private readonly refusedCapacity: number;
  /** Active answers put at the back so far. */
  private inserted = 0;

  constructor(private readonly capacity: number) {
    this.refusedCapacity = Math.min(MAX_REFUSED_ANSWERS, capacity);
  }

  /** The answer held for `key` at `nowMs`: Map lookups, allocation-free. */
  get(key: string, nowMs: number): IntrospectionLookup {
    const active = this.active.get(key);
    if (active !== undefined && nowMs < active.untilMs) {
      // Refresh recency only for an entry among the older half of insertions, as the verified cache
      // does: moving a key of a large Map on every hit would cost each hit time.
      if (this.inserted - active.stamp >= Math.ceil(this.capacity / 2)) {
        this.active.delete(key);
        active.stamp = ++this.inserted;
        this.active.set(key, active);
      }
      return active.answer;
    }
    const refused = this.refused.get(key);
    if (refused === undefined) return UNKNOWN;
    if (nowMs < refused.untilMs) return refused.answer;
    this.refused.delete(key);
    return UNKNOWN;
  }

  /**
   * The claims of the active answer held for `key`, current or past, when it was put as `renewable`: its
   * token was active when last asked and its answer ended at the cache bound, not at the token's `exp`
   * (a token past its `exp` is not worth a renewal slot). Undefined otherwise.
   */
  renewable(key: string): IntrospectedClaims | undefined {
    const entry = this.active.get(key);
    return entry?.renewable === true && entry.answer.kind === 'active' ? entry.answer.claims : undefined;
  }

  /**
   * Holds `answer` until `untilMs`, at the back of its cache; `renewable` only matters for an active one.
   * An inactive or failed answer ends the token's active one: a token whose renewal failed loses its
   * standing, so that one account's tokens cannot keep the renewal slots by failing against a slow endpoint.
   */
  put(key: string, answer: IntrospectionLookup, untilMs: number, renewable = false): void {
    if (answer.kind === 'active') {
      this.refused.delete(key);
      this.active.delete(key);
      evictFor(this.active, this.oldestActive, this.capacity);
      this.active.set(key, { answer, untilMs, renewable, stamp: ++this.inserted });
      return;
    }
    this.active.delete(key);
    this.refused.delete(key);
    evictFor(this.refused, this.oldestRefused, this.refusedCapacity);
    this.refused.set(key, { answer, untilMs, renewable: false, stamp: 0 });
  }

  clear(): void {
    this.active.clear();
    this.oldestActive.reset();
    this.refused.clear();
    this.oldestRefused.reset();
  }
}

/** Oldest out until `map` has room for one more entry. */
function evictFor(map: Map<string, Entry>, oldest: OldestKeys<string>, capacity: number): void {
  while (map.size >= capacity) {
    const key = oldest.next();
    if (key === undefined) return;
    map.delete(key);
  }
}
