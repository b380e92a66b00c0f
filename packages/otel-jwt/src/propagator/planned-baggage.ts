import { type Baggage, type BaggageEntry, propagation } from '@opentelemetry/api';

type Entries = readonly (readonly [string, BaggageEntry])[];

/** Keys an object lists first, in ascending order (array indices: canonical integers below 2^32 - 1). */
const INDEX = /^(?:0|[1-9][0-9]{0,9})$/;
const isIndex = (key: string): boolean => INDEX.test(key) && Number(key) < 4_294_967_295;

/**
 * The baggage extract leaves in the context: this hop's own entries first, then the inbound entries
 * kept. Building the real baggage copies maps twice; most requests never read it, and the reads that
 * matter (each outgoing call's injects list the entries) need no map, so the entries are listed and
 * looked up from the plan itself. Only a change (`setEntry`, `removeEntry`...) builds the real baggage,
 * once, and every method then delegates to it.
 */
export class PlannedBaggage implements Baggage {
  private built: Baggage | undefined;
  /** The entries in the real baggage's order (see {@link ordered}); listed on first read. */
  private listed: Entries | undefined;

  constructor(
    private readonly own: Entries,
    private readonly kept: Entries,
  ) {}

  private baggage(): Baggage {
    if (this.built === undefined) {
      // No prototype: keys are the caller's data, and `constructor` or `__proto__` are valid baggage keys.
      const record: Record<string, BaggageEntry> = Object.create(null);
      for (const [key, entry] of this.own) record[key] = entry;
      for (const [key, entry] of this.kept) if (!Object.hasOwn(record, key)) record[key] = entry;
      this.built = propagation.createBaggage(record);
    }
    return this.built;
  }

  /**
   * Own entries, then kept ones whose key is not an own key, in the order the real baggage lists them:
   * `createBaggage` reads a record, whose array-index keys come first, in ascending order.
   */
  private ordered(): Entries {
    if (this.listed !== undefined) return this.listed;
    const ownKeys = new Set<string>();
    const all: (readonly [string, BaggageEntry])[] = [];
    let indices = false;
    for (const pair of this.own) {
      ownKeys.add(pair[0]);
      all.push(pair);
      indices ||= isIndex(pair[0]);
    }
    for (const pair of this.kept) {
      if (ownKeys.has(pair[0])) continue;
      all.push(pair);
      indices ||= isIndex(pair[0]);
    }
    if (indices) {
      const first = all.filter(([key]) => isIndex(key)).sort(([a], [b]) => Number(a) - Number(b));
      this.listed = [...first, ...all.filter(([key]) => !isIndex(key))];
    } else {
      this.listed = all;
    }
    return this.listed;
  }

  getEntry(key: string): BaggageEntry | undefined {
    if (this.built !== undefined) return this.built.getEntry(key);
    for (const [name, entry] of this.own) if (name === key) return { ...entry };
    for (const [name, entry] of this.kept) if (name === key) return { ...entry };
    return undefined;
  }

  getAllEntries(): [string, BaggageEntry][] {
    if (this.built !== undefined) return this.built.getAllEntries();
    // New pairs each time, as the real baggage hands out: a caller may change the array it gets.
    return this.ordered().map(([key, entry]) => [key, entry]);
  }

  setEntry(key: string, entry: BaggageEntry): Baggage {
    return this.baggage().setEntry(key, entry);
  }

  removeEntry(key: string): Baggage {
    return this.baggage().removeEntry(key);
  }

  removeEntries(...keys: string[]): Baggage {
    return this.baggage().removeEntries(...keys);
  }

  clear(): Baggage {
    return this.baggage().clear();
  }
}
