/**
 * Numbers for the lists of groups of the index's segments: equal lists get equal numbers, so a scan
 * can tell in one comparison that a window has the very groups of the last one. A list of one group is
 * numbered by the group; longer lists by a hash of their groups, checked against the first list that got
 * the number (no strings are built: one issuer's header has a list of 1,000 groups).
 */
export class GroupSets {
  /** Set numbers by hash (several when hashes collide). */
  readonly #byHash = new Map<number, number[]>();
  /** Where the list of each set number above `singles` lies in `groups`. */
  readonly #from: number[] = [];
  readonly #to: number[] = [];

  constructor(
    readonly groups: Int32Array,
    /** How many groups there are: numbers below are lists of one group. */
    readonly singles: number,
  ) {}

  /** How many numbers there are. */
  get count(): number {
    return this.singles + this.#from.length;
  }

  /** The number of the list `groups[from, to)`. */
  number(from: number, to: number): number {
    const { groups } = this;
    if (to - from === 1) return groups[from] ?? 0;
    let hash = to - from;
    for (let at = from; at < to; at++) hash = Math.imul(hash ^ (groups[at] ?? 0), 0x01000193);
    const numbers = this.#byHash.get(hash);
    for (const number of numbers ?? []) if (this.#same(number, from, to)) return number;
    const number = this.singles + this.#from.length;
    this.#from.push(from);
    this.#to.push(to);
    if (numbers === undefined) this.#byHash.set(hash, [number]);
    else numbers.push(number);
    return number;
  }

  #same(number: number, from: number, to: number): boolean {
    const start = this.#from[number - this.singles] ?? 0;
    if ((this.#to[number - this.singles] ?? 0) - start !== to - from) return false;
    for (let at = 0; at < to - from; at++) {
      if (this.groups[start + at] !== this.groups[from + at]) return false;
    }
    return true;
  }
}
