// Paired measurement of a cost ratio for bench/telemetry.bench.ts, made to survive a busy machine.
import { do_not_optimize } from 'mitata';
import { median } from './report.ts';

/** One side of the ratio: `make` prepares a call's argument (untimed), `run` is the timed work. */
export interface Side<A> {
  make(): A;
  run(arg: A): unknown;
}

const { hrtime } = process;

function timed<A>(side: Side<A>, args: readonly A[]): number {
  const start = hrtime.bigint();
  for (const arg of args) do_not_optimize(side.run(arg));
  return Number(hrtime.bigint() - start);
}

/**
 * Time of `num` over time of `den`, both run in small batches that alternate (which one goes first
 * alternates too) for about `budgetMs`: the median over pairs of batches of their time ratio. On a busy
 * machine another process takes the CPU for milliseconds at a time, and separately measured medians
 * drift apart by 2x; a pair of adjacent batches of a few hundred microseconds is mostly spared, and the
 * few pairs that are not (or that hold a garbage-collection pause) are outliers the median drops. So this
 * ratio leaves GC out, where mitata's averages over 4096 calls keep it in. The first tenth of the budget
 * is a discarded warm-up.
 */
export function pairedRatio<N, D>(num: Side<N>, den: Side<D>, budgetMs: number, batch = 32): number {
  const numArgs: N[] = new Array(batch);
  const denArgs: D[] = new Array(batch);
  const ratios: number[] = [];
  const warmUntil = performance.now() + budgetMs / 10;
  const deadline = performance.now() + budgetMs;
  for (let pair = 0; ; pair++) {
    const now = performance.now();
    if (now >= deadline && ratios.length > 0) break;
    for (let i = 0; i < batch; i++) {
      numArgs[i] = num.make();
      denArgs[i] = den.make();
    }
    let n: number;
    let d: number;
    if (pair % 2 === 0) {
      n = timed(num, numArgs);
      d = timed(den, denArgs);
    } else {
      d = timed(den, denArgs);
      n = timed(num, numArgs);
    }
    if (now >= warmUntil) ratios.push(n / d);
  }
  return median(ratios);
}
