// Per-round ratios and their median: a phase that a noisy neighbour slowed spoils one round's ratio,
// not the verdict.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median over rounds of `pick(round.a) / pick(round.b)`. */
export function medianRatio<R, P>(
  rounds: readonly R[],
  a: (r: R) => P,
  b: (r: R) => P,
  pick: (p: P) => number,
): number {
  return median(rounds.map((r) => pick(a(r)) / pick(b(r))));
}
