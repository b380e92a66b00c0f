/**
 * The most frequent keys of a stream in fixed memory (the space-saving algorithm): `capacity` counters;
 * a new key when all are taken replaces the least counted one and inherits its count plus one, so a key
 * seen more often than total/capacity times is always among those kept. Counts may overstate, never miss.
 */
export class HeavyHitters {
  private readonly counts = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  add(key: string): void {
    const known = this.counts.get(key);
    if (known !== undefined) {
      this.counts.set(key, known + 1);
      return;
    }
    if (this.counts.size < this.capacity) {
      this.counts.set(key, 1);
      return;
    }
    let least: string | undefined;
    let leastCount = Number.POSITIVE_INFINITY;
    for (const [candidate, count] of this.counts) {
      if (count < leastCount) {
        least = candidate;
        leastCount = count;
      }
    }
    if (least !== undefined) this.counts.delete(least);
    this.counts.set(key, leastCount + 1);
  }

  /** The `n` most counted keys with their counts, most first. */
  top(n: number): readonly (readonly [string, number])[] {
    return [...this.counts].sort((a, b) => b[1] - a[1]).slice(0, n);
  }

  get size(): number {
    return this.counts.size;
  }

  clear(): void {
    this.counts.clear();
  }
}
