/**
 * A counted set of 64-bit window fingerprints (two 32-bit halves) in typed arrays, with linear probing
 * and backward-shift deletion. A `Map` with 53-bit number keys cost about 100 ns per insert or delete,
 * which made remembering a new token (over 100 fingerprints in, as many out for the one it replaces)
 * cost tens of microseconds; here each is a few array reads.
 *
 * It never holds more than half its slots ({@link FingerprintTable.capacity}): an add beyond that is
 * refused, so at least half the slots stay empty and every probe ends at an empty slot. Its owner
 * (seen-tokens.ts) keeps within the capacity by forgetting tokens; the refusal is the backstop that
 * keeps a lookup from ever looping, whatever was added before.
 */
const FILTER_BITS = 20;
/** About as many removals as the table holds entries: the filter then has at most twice its live bits. */
const STALE_REMOVALS = 130_000;

/** Each slot is three numbers of one array: first half, second half, count (0: empty). */
const STRIDE = 3;

export class FingerprintTable {
  /**
   * The slots, interleaved so a probe touches one cache line, not one in each of three arrays: the
   * table (6 MB at 2^19 slots) is far larger than a cache, so each array read was a likely miss.
   */
  private readonly slots: Uint32Array;
  private readonly mask: number;
  private readonly shift: number;
  /**
   * One bit per 2^12 values of the first half, set on add and only cleared by `compact`: 128 KB that stay
   * in cache far more than the table. Most windows of a scanned string stop here. A stale bit only
   * costs a table lookup, never a miss.
   */
  private readonly bits = new Uint32Array(1 << (FILTER_BITS - 5));
  /** Removals since the last `compact`: stale bits. */
  private removed = 0;
  /** Distinct fingerprints held. */
  private entries = 0;
  /** Most distinct fingerprints held: half the slots. */
  readonly capacity: number;

  /** `bits`: log2 of the slot count (2 to 28). */
  constructor(bits: number) {
    this.slots = new Uint32Array(STRIDE << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.capacity = 1 << (bits - 1);
  }

  /** Distinct fingerprints held. */
  get size(): number {
    return this.entries;
  }

  private home(high: number, low: number): number {
    return Math.imul(high ^ Math.imul(low, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
  }

  /**
   * The slot holding the fingerprint, or `-1 - slot` of the empty slot where it would go. At most half
   * the slots are used, so the loop meets an empty slot; it is bounded by the slot count all the same.
   */
  private find(high: number, low: number): number {
    const { slots, mask } = this;
    let at = this.home(high, low);
    for (let probes = 0; probes <= mask; probes++, at = (at + 1) & mask) {
      const base = at * STRIDE;
      if (slots[base + 2] === 0) return -1 - at;
      if (slots[base] === high && slots[base + 1] === low) return at;
    }
    return -1 - (mask + 1);
  }

  has(high: number, low: number): boolean {
    const bit = high >>> (32 - FILTER_BITS);
    if (((this.bits[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return false;
    return this.find(high, low) >= 0;
  }

  private mark(high: number): void {
    const bit = high >>> (32 - FILTER_BITS);
    this.bits[bit >>> 5] = (this.bits[bit >>> 5] as number) | (1 << (bit & 31));
  }

  /** Whether enough entries were removed that the filter should be rebuilt (see {@link compact}). */
  get stale(): boolean {
    return this.removed >= STALE_REMOVALS;
  }

  /** Rebuilds the filter from the entries present, dropping the bits of removed ones. */
  compact(): void {
    this.bits.fill(0);
    const { slots } = this;
    for (let base = 0; base < slots.length; base += STRIDE) {
      if (slots[base + 2] !== 0) this.mark(slots[base] as number);
    }
    this.removed = 0;
  }

  /** Counts the fingerprint in; false (and nothing changed) when it is new and the table is at capacity. */
  add(high: number, low: number): boolean {
    const { slots } = this;
    const at = this.find(high, low);
    if (at >= 0) {
      slots[at * STRIDE + 2] = (slots[at * STRIDE + 2] as number) + 1;
      return true;
    }
    if (this.entries >= this.capacity) return false;
    const free = (-1 - at) * STRIDE;
    this.mark(high);
    slots[free] = high;
    slots[free + 1] = low;
    slots[free + 2] = 1;
    this.entries++;
    return true;
  }

  /**
   * Adds each pair of `prints` (`[high, low, ...]`) that fits; returns how many pairs were added. One
   * call per token rather than per fingerprint: halves of 2^31 or more would be boxed at each call.
   */
  addAll(prints: Uint32Array): number {
    let added = 0;
    for (let i = 0; i < prints.length; i += 2) {
      if (this.add(prints[i] as number, prints[i + 1] as number)) added++;
    }
    return added;
  }

  /** Removes each pair of `prints` once (see {@link addAll}). */
  removeAll(prints: Uint32Array): void {
    for (let i = 0; i < prints.length; i += 2) this.remove(prints[i] as number, prints[i + 1] as number);
  }

  remove(high: number, low: number): void {
    const { slots, mask } = this;
    let at = this.find(high, low);
    if (at < 0) return;
    const count = slots[at * STRIDE + 2] as number;
    if (count > 1) {
      slots[at * STRIDE + 2] = count - 1;
      return;
    }
    this.removed++;
    this.entries--;
    // Backward shift: pull later entries of the probe run into the hole, so lookups never stop early.
    slots[at * STRIDE + 2] = 0;
    for (let next = (at + 1) & mask; slots[next * STRIDE + 2] !== 0; next = (next + 1) & mask) {
      const from = next * STRIDE;
      const home = this.home(slots[from] as number, slots[from + 1] as number);
      const movable = at <= next ? home <= at || home > next : home <= at && home > next;
      if (!movable) continue;
      const to = at * STRIDE;
      slots[to] = slots[from] as number;
      slots[to + 1] = slots[from + 1] as number;
      slots[to + 2] = slots[from + 2] as number;
      slots[from + 2] = 0;
      at = next;
    }
  }

  clear(): void {
    this.slots.fill(0);
    this.bits.fill(0);
    this.removed = 0;
    this.entries = 0;
  }

  /**
   * The longest run of used slots (wrapping around): no probe of `has`, `add` or `remove` goes further
   * than it plus one. For tests and diagnostics; it reads the whole table.
   */
  longestRun(): number {
    const { slots, mask } = this;
    let longest = 0;
    let run = 0;
    // Two laps, so a run that wraps past the end is counted whole.
    for (let i = 0; i < 2 * (mask + 1); i++) {
      run = slots[(i & mask) * STRIDE + 2] === 0 ? 0 : run + 1;
      if (run > longest) longest = run;
    }
    return Math.min(longest, mask + 1);
  }
}
