// Timing helpers for the leak scanner's cost tests: relative costs within one run, never absolute
// times, so a slow or busy machine changes the numbers but not the verdict. Sizes come from
// cost-curve.ts's `doubling`, as the redaction cost tests' do.
import { createHash } from 'node:crypto';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * The median time of each of `works` over `rounds` rounds. Every work runs once per round, in turn, so
 * a busy spell of the machine (other tests run alongside) falls on all of them rather than on one; the
 * first work runs once before, to warm the engine up.
 */
export function medians(works: readonly (() => unknown)[], rounds: number): number[] {
  works[0]?.();
  const timings: number[][] = works.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, work] of works.entries()) {
      const started = performance.now();
      work();
      timings[index]?.push(performance.now() - started);
    }
  }
  return timings.map(median);
}

/** The cost per item of the work `prepare` makes for each size: its median time divided by the size. */
export function costPerItem(
  sizes: readonly number[],
  rounds: number,
  prepare: (size: number) => () => unknown,
): number[] {
  return medians(sizes.map(prepare), rounds).map((time, index) => time / (sizes[index] ?? 1));
}

/** Base64 that holds no token material, the same in every run. */
function filler(seed: number, length: number): string {
  let text = '';
  for (let round = 0; text.length < length; round++) {
    text += createHash('sha256').update(`filler ${seed} ${round}`).digest('base64');
  }
  return text.slice(0, length);
}

/**
 * An OTLP/HTTP JSON traces body of `spans` spans, each with a URL (upper-case escapes), some base64
 * and, when `leak` gives one, a value that leaks.
 */
export function otlpTraces(spans: number, leak: (index: number) => string | undefined): string {
  const list = Array.from({ length: spans }, (_, index) => {
    const value = leak(index);
    const attributes = [
      { key: 'http.url', value: { stringValue: `https://shop.test/items/${index}?q=a%2Fb&page=${index}` } },
      { key: 'payload', value: { stringValue: filler(index, 200) } },
      ...(value === undefined ? [] : [{ key: 'callback', value: { stringValue: value } }]),
    ];
    return { traceId: createHash('md5').update(`${index}`).digest('hex'), name: `GET /${index}`, attributes };
  });
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ scope: { name: 'cost' }, spans: list }] }] });
}
