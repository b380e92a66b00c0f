/**
 * Cost measurements: an operation is timed at sizes that double, and the cost per item (time / items)
 * must not grow with the size. Times are only compared with each other within one run, so a slow or
 * busy machine changes nothing but the noise; a quadratic path shows as a ratio that doubles with every
 * doubling of the size.
 */
export interface CostCurve {
  readonly sizes: readonly number[];
  /** Microseconds per item, one per size measured. */
  readonly perItem: readonly number[];
  /** Largest per-item cost measured over that of the smallest size. */
  readonly ratio: number;
}

/** Per-item cost at one size: the median of `samples` timed runs, each of `rounds` operations. */
function perItemCost(operation: () => void, size: number, rounds: number, samples: number): number {
  const times: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const started = performance.now();
    for (let round = 0; round < rounds; round++) operation();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return ((times[samples >> 1] as number) * 1000) / (rounds * size);
}

/**
 * The per-item cost of `prepare(size)`'s operation at each size. Inputs are built by `prepare`,
 * untimed; each operation runs `warmup` times untimed first (for the compiler, and so caches fill as
 * repeated traffic fills them). A sample runs the operation often enough to cover as many items as the
 * largest size, so the timer's resolution and the collector weigh the same at every size. A size whose
 * cost exceeds `limit` times the smallest's is measured again (with the smallest) before it counts,
 * unless it is four times past, and measuring stops there: a quadratic path fails in seconds, not minutes.
 */
export function costCurve(
  sizes: readonly number[],
  prepare: (size: number) => () => void,
  { samples = 5, limit = 3, warmup = 1 }: { samples?: number; limit?: number; warmup?: number } = {},
): CostCurve {
  const largest = sizes[sizes.length - 1] as number;
  // Prepared as measured, so a curve that stops early never builds the largest inputs.
  const operations: (() => void)[] = [];
  const measure = (index: number) => {
    const size = sizes[index] as number;
    let operation = operations[index];
    if (operation === undefined) {
      operation = prepare(size);
      for (let round = 0; round < warmup; round++) operation();
      operations[index] = operation;
    }
    return perItemCost(operation, size, Math.ceil(largest / size), samples);
  };
  // Noise only ever adds time, so each cost is the least of its measurements.
  let base = Math.min(measure(0), measure(0));
  const perItem = [base];
  for (let index = 1; index < sizes.length; index++) {
    let cost = measure(index);
    // Past the bound, noise may have put it there (a collection, another process on a busy machine):
    // measure again. Far past it (a path that grows with the size), nothing else would.
    for (let retry = 0; retry < 3 && cost > limit * base && cost <= 4 * limit * base; retry++) {
      base = Math.min(base, measure(0));
      cost = Math.min(cost, measure(index));
    }
    perItem.push(cost);
    if (cost > limit * base) break;
  }
  perItem[0] = base;
  const curve = { sizes: sizes.slice(0, perItem.length), perItem, ratio: Math.max(...perItem) / base };
  if (process.env.COST_REPORT !== undefined) {
    const points = curve.sizes.map((size, index) => `${size}: ${(perItem[index] as number).toFixed(3)} µs`);
    process.stderr.write(
      `[cost] ${process.env.COST_REPORT}: ratio ${curve.ratio.toFixed(2)} (${points.join(', ')})\n`,
    );
  }
  return curve;
}

/** `count` sizes doubling from `first`. */
export const doubling = (first: number, count: number): number[] =>
  Array.from({ length: count }, (_, index) => first * 2 ** index);
