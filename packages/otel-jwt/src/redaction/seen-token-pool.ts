import type { FingerprintTable } from './fingerprint-table.js';

/**
 * Words of each block a pool copies its tokens' fingerprints into (each token's are a view of one):
 * a typed array of its own per token cost more than fingerprinting a short token. A block goes when the
 * last of its tokens is forgotten; tokens leave in the order they came, so a pool keeps about its
 * budget's worth of blocks, plus one.
 */
const BLOCK_WORDS = 1 << 16;

/**
 * The tokens of one standing (seen-tokens.ts), oldest first, with a budget of tokens and of
 * fingerprints. Remembering a token first forgets the oldest ones until the new one fits both budgets,
 * so what the pool holds in the shared table never exceeds its fingerprint budget, and the work of one
 * token is its own fingerprints in plus at most as many out (and one more token's): never set by how
 * many tokens came before.
 */
export class SeenTokenPool {
  private readonly prints: (Uint32Array | undefined)[];
  private readonly tails: number[];
  /** 1 for a slot whose token has 16 id characters in a row (window-hash.ts). */
  private readonly idWindows: Uint8Array;
  /** Tail fingerprint -> ring slot, so a repeated token costs one 16-character hash. */
  private readonly slots = new Map<number, number>();
  /** Ring of slots: the oldest token is at `head`, `count` of them in a row. */
  private head = 0;
  private count = 0;
  /** Fingerprints held, counted with repeats (an upper bound of the distinct ones). */
  private held = 0;
  /** Tokens held that have an id window. */
  tokensWithIdWindows = 0;
  /** The block being filled, and how much of it is. */
  private block = new Uint32Array(0);
  private blockUsed = 0;

  /**
   * `tokenCapacity`: most tokens held. `printBudget`: most fingerprints held, at least the most one
   * token can leave (token-prints.ts), so every token fits once older ones are forgotten.
   */
  constructor(
    readonly tokenCapacity: number,
    readonly printBudget: number,
  ) {
    this.prints = new Array(tokenCapacity);
    this.tails = new Array(tokenCapacity);
    this.idWindows = new Uint8Array(tokenCapacity);
  }

  /** Tokens held (a ring slot emptied by `remove` is not one). */
  get size(): number {
    return this.slots.size;
  }

  has(tail: number): boolean {
    return this.slots.has(tail);
  }

  /**
   * Adds a token's fingerprints (pairs of halves) to `table`, forgetting the oldest tokens first until
   * it fits. Fingerprints past the budget are left out (none are, for tokens within the size limit).
   * `prints` is copied: it may be a view of scratch memory.
   */
  add(table: FingerprintTable, tail: number, prints: Uint32Array, idWindow: boolean): void {
    const kept = this.copied(
      prints.length / 2 > this.printBudget ? prints.subarray(0, 2 * this.printBudget) : prints,
    );
    const need = kept.length / 2;
    while (this.count > 0 && (this.count === this.tokenCapacity || this.held + need > this.printBudget)) {
      this.forgetOldest(table);
    }
    const slot = (this.head + this.count) % this.tokenCapacity;
    table.addAll(kept);
    this.prints[slot] = kept;
    this.tails[slot] = tail;
    this.slots.set(tail, slot);
    this.idWindows[slot] = idWindow ? 1 : 0;
    if (idWindow) this.tokensWithIdWindows++;
    this.held += need;
    this.count++;
  }

  private copied(prints: Uint32Array): Uint32Array {
    const words = prints.length;
    if (this.blockUsed + words > this.block.length) {
      this.block = new Uint32Array(Math.max(Math.min(BLOCK_WORDS, 2 * this.printBudget), words));
      this.blockUsed = 0;
    }
    const copy = this.block.subarray(this.blockUsed, this.blockUsed + words);
    copy.set(prints);
    this.blockUsed += words;
    return copy;
  }

  /** Forgets the token with this tail, wherever it is in the ring (its slot is left empty). */
  remove(table: FingerprintTable, tail: number): void {
    const slot = this.slots.get(tail);
    if (slot !== undefined) this.release(table, slot);
  }

  private forgetOldest(table: FingerprintTable): void {
    this.release(table, this.head);
    this.head = (this.head + 1) % this.tokenCapacity;
    this.count--;
  }

  /** Takes a slot's fingerprints out of `table`; an emptied slot stays in the ring until it is oldest. */
  private release(table: FingerprintTable, slot: number): void {
    const prints = this.prints[slot];
    if (prints === undefined) return;
    table.removeAll(prints);
    this.held -= prints.length / 2;
    this.slots.delete(this.tails[slot] as number);
    this.prints[slot] = undefined;
    if (this.idWindows[slot] === 1) {
      this.idWindows[slot] = 0;
      this.tokensWithIdWindows--;
    }
  }

  clear(): void {
    this.block = new Uint32Array(0);
    this.blockUsed = 0;
    this.prints.fill(undefined);
    this.slots.clear();
    this.idWindows.fill(0);
    this.tokensWithIdWindows = 0;
    this.head = 0;
    this.count = 0;
    this.held = 0;
  }
}
