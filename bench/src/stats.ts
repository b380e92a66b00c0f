// Medians and per-round ratios: ratios of runs made close in time hold better than ratios of medians
// on a busy machine.

export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((x, y) => x - y);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The ratio of each round, in round order. */
export function roundRatios(num: readonly number[], den: readonly number[]): number[] {
  return num.map((n, i) => n / (den[i] as number));
}
