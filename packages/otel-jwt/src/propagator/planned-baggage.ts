import { type Baggage, type BaggageEntry, propagation } from '@opentelemetry/api';

type Entries = readonly (readonly [string, BaggageEntry])[];

/**
 * The baggage extract leaves in the context: this hop's own entries first, then the inbound entries
 * kept. Building the real baggage copies maps; most requests never read it before their first outgoing
 * call (if any), so it is built on first read, once, and every method then delegates to it.
 */
export class PlannedBaggage implements Baggage {
  private built: Baggage | undefined;

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

  getEntry(key: string): BaggageEntry | undefined {
    return this.baggage().getEntry(key);
  }

  getAllEntries(): [string, BaggageEntry][] {
    return this.baggage().getAllEntries();
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
