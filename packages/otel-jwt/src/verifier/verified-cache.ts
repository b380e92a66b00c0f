import { OldestKeys } from '../internal/oldest-keys.js';
import type { ValidResult, VerifyResult } from './verify-result.js';

interface Entry {
  readonly token: string;
  readonly result: ValidResult;
  readonly expiresAtMs: number;
  readonly ring: Generational;
  readonly generation: number;
  /** The revocation generation the entry was last checked at (see {@link RevocationGate}). */
  checked: number;
  /** Value of the insertion counter when the entry was last put at the back. */
  stamp: number;
}

/**
 * The revocation checks a cached verdict must pass again after a change: `generation` changes whenever a
 * status list, the deny-list or their availability does, so a hit checked at the current generation costs
 * one compare, and one checked before is looked up again (a bit and a set lookup).
 */
export interface RevocationGate {
  readonly generation: number;
  /** The result itself while it stands; otherwise the refusal (or `unverified` while a list cannot be had). */
  check(result: ValidResult, nowMs: number): VerifyResult;
}

/** Anything whose `generation` changes when cached verdicts made under it must be dropped. */
export interface Generational {
  readonly generation: number;
  /** Past this instant the keys no longer vouch for anything (end of the stale-if-error window). */
  readonly usableUntilMs: number;
}

/**
 * Token characters held per entry of capacity, on average: a cache of 10,000 entries holds at most
 * 10 million characters of tokens, whether they are 500 characters or 8,000 (with their parsed claims,
 * about 1.7 bytes of heap per character: some 17 MB). A count alone let 10,000 tokens carrying 5 KB of
 * claims each hold 116 MB.
 */
export const CACHED_CHARS_PER_ENTRY = 1024;

/**
 * Bounded, approximately least-recently-used cache of verified tokens. Keyed by a short piece of the token's signature (V8 hashes the whole
 * key string), then the full token is compared, so two different tokens can never share an entry. An entry
 * never outlives the token's `exp` (or its maximum age), nor a key-set change of its issuer.
 */
export class VerifiedCache {
  private readonly entries = new Map<string, Entry>();
  /** Eviction order, with one iterator kept from one eviction to the next. */
  private readonly oldest = new OldestKeys(this.entries);
  private inserted = 0;
  /** Characters of the tokens held. */
  private chars = 0;
  /** Most token characters held: `capacity` x {@link CACHED_CHARS_PER_ENTRY}. */
  readonly maxChars: number;

  constructor(
    readonly capacity: number,
    private readonly gate?: RevocationGate,
  ) {
    this.maxChars = capacity * CACHED_CHARS_PER_ENTRY;
  }

  /** Characters of the tokens held. */
  get charsHeld(): number {
    return this.chars;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached verdict of `token`: valid, or its revocation since it was cached; undefined when not held. */
  get(signature: string, token: string, nowMs: number): VerifyResult | undefined {
    const entry = this.entries.get(signature);
    if (entry === undefined) return undefined;
    if (entry.token !== token) return undefined;
    if (
      nowMs >= entry.expiresAtMs ||
      entry.generation !== entry.ring.generation ||
      nowMs >= entry.ring.usableUntilMs
    ) {
      this.delete(signature, entry);
      return undefined;
    }
    // Refresh recency: Map iteration order is insertion order, so the first key is the least recent. An
    // entry among the newer half of insertions stays where it is (so a hit entry survives at least
    // floor(capacity/2) further insertions, counting these moves): in V8, deleting and re-adding one key of a large
    // Map on every hit costs time in proportion to the Map's size, so a hot token would slow every hit.
    if (this.inserted - entry.stamp >= Math.ceil(this.capacity / 2)) {
      this.entries.delete(signature);
      entry.stamp = ++this.inserted;
      this.entries.set(signature, entry);
    }
    const gate = this.gate;
    if (gate !== undefined && entry.checked !== gate.generation) {
      const generation = gate.generation;
      const verdict = gate.check(entry.result, nowMs);
      // A refusal is not remembered as checked: a suspension can be lifted, a list can come back.
      if (verdict !== entry.result) return verdict;
      entry.checked = generation;
    }
    return entry.result;
  }

  /** The valid result held for `token`, unchecked: for the admission step to learn what a refusal waits on. */
  held(signature: string, token: string): ValidResult | undefined {
    const entry = this.entries.get(signature);
    return entry?.token === token ? entry.result : undefined;
  }

  set(signature: string, token: string, result: ValidResult, expiresAtMs: number, ring: Generational): void {
    if (this.capacity === 0 || token.length > this.maxChars) return;
    const known = this.entries.get(signature);
    if (known !== undefined) this.delete(signature, known);
    // Oldest out until both bounds hold: each entry leaves once, so a large token evicts at most as
    // many entries as its characters need, plus one.
    while (this.entries.size >= this.capacity || this.chars + token.length > this.maxChars) {
      const oldest = this.oldest.next();
      if (oldest === undefined) break;
      this.delete(oldest, this.entries.get(oldest) as Entry);
    }
    this.chars += token.length;
    this.entries.set(signature, {
      token,
      result,
      expiresAtMs,
      ring,
      generation: ring.generation,
      checked: this.gate?.generation ?? 0,
      stamp: ++this.inserted,
    });
  }

  clear(): void {
    this.entries.clear();
    this.oldest.reset();
    this.chars = 0;
  }

  private delete(signature: string, entry: Entry): void {
    this.entries.delete(signature);
    this.chars -= entry.token.length;
  }
}
