/**
 * The rollback guard of the status lists dropped to make room (`maxLists`): each list URI with the `iat`
 * of the newest list taken for it, so that a list named again after its drop still refuses a list older
 * than one already served. At most `capacity` URIs, the one remembered longest ago out first: a URI
 * forgotten then is one named again only after `capacity` other drops.
 */
export class NewestIats {
  private readonly iats = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.iats.size;
  }

  /** Remembers `iatSeconds` for `uri` (nothing for a list never taken), at the back of the order. */
  remember(uri: string, iatSeconds: number): void {
    if (!Number.isFinite(iatSeconds)) return;
    const known = this.iats.get(uri);
    this.iats.delete(uri);
    this.iats.set(uri, known === undefined ? iatSeconds : Math.max(known, iatSeconds));
    // Runs at most once per drop, off the request path: a fresh iterator each time is fine.
    while (this.iats.size > this.capacity) {
      const oldest = this.iats.keys().next();
      if (oldest.done === true) return;
      this.iats.delete(oldest.value);
    }
  }

  /** The `iat` remembered for `uri`, forgotten here (its list entry holds it again), or -Infinity. */
  take(uri: string): number {
    const iat = this.iats.get(uri);
    if (iat === undefined) return Number.NEGATIVE_INFINITY;
    this.iats.delete(uri);
    return iat;
  }

  clear(): void {
    this.iats.clear();
  }
}
