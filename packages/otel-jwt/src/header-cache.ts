/**
 * Parsed and checked JOSE headers by their encoded segment. An issuer puts the same few headers on
 * every token, so most verifications skip decoding and parsing the header. Bounded: when full it starts
 * over, so a stream of distinct headers costs re-parsing, never memory.
 */
export class HeaderCache {
  private readonly entries = new Map<string, Readonly<Record<string, unknown>>>();

  constructor(private readonly capacity: number) {}

  get(segment: string): Readonly<Record<string, unknown>> | undefined {
    return this.entries.get(segment);
  }

  set(segment: string, header: Readonly<Record<string, unknown>>): void {
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(segment, header);
  }
}
