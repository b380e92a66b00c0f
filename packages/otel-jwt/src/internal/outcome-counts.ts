/**
 * The value counted for an outcome outside the list given to {@link OutcomeCounts} (such as a code of a
 * verifier the application wrote itself): OpenTelemetry's conventions use `_OTHER` for it.
 */
export const OTHER_OUTCOME = '_OTHER';

/**
 * Cumulative counts of outcomes named by a fixed list of stable strings, for the metrics: the request
 * path adds to a plain number (a map lookup and an array write, no OpenTelemetry call), and an
 * observable instrument reads the totals when a metric reader collects. Anything not in the list is
 * counted as {@link OTHER_OUTCOME}, so what can be counted is fixed when the counts are made, whatever
 * the input: the number of metric streams never grows with the traffic.
 */
export class OutcomeCounts {
  private readonly names: readonly string[];
  private readonly slots = new Map<string, number>();
  private readonly counts: Float64Array;
  private readonly other: number;

  constructor(outcomes: readonly string[]) {
    this.names = [...outcomes, OTHER_OUTCOME];
    this.names.forEach((name, index) => {
      if (!this.slots.has(name)) this.slots.set(name, index);
    });
    this.counts = new Float64Array(this.names.length);
    this.other = this.names.length - 1;
  }

  add(outcome: string, amount = 1): void {
    const slot = this.slots.get(outcome) ?? this.other;
    this.counts[slot] = (this.counts[slot] as number) + amount;
  }

  /** Calls `visit` for each outcome counted at least once, in the order of the list, `_OTHER` last. */
  forEach(visit: (outcome: string, count: number) => void): void {
    for (let slot = 0; slot < this.names.length; slot++) {
      const count = this.counts[slot] as number;
      if (count > 0) visit(this.names[slot] as string, count);
    }
  }
}

/**
 * {@link OutcomeCounts} per issuer, for work done per configured issuer in the background (key refreshes;
 * later status-list and introspection fetches). Issuers come from the code that counts, which exists
 * only for the issuers of the configuration: never from a token.
 */
export class IssuerOutcomeCounts {
  private readonly byIssuer = new Map<string, OutcomeCounts>();

  constructor(private readonly outcomes: readonly string[]) {}

  add(issuer: string, outcome: string): void {
    let counts = this.byIssuer.get(issuer);
    if (counts === undefined) {
      counts = new OutcomeCounts(this.outcomes);
      this.byIssuer.set(issuer, counts);
    }
    counts.add(outcome);
  }

  /** Calls `visit` for each issuer and outcome counted at least once. */
  forEach(visit: (issuer: string, outcome: string, count: number) => void): void {
    for (const [issuer, counts] of this.byIssuer) {
      counts.forEach((outcome, count) => {
        visit(issuer, outcome, count);
      });
    }
  }
}
