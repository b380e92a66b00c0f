import type { TextHit } from './leak-report.js';

/** The matches of one token by start, with how far the matches up to each one reach. */
interface Reach {
  readonly starts: Int32Array;
  /** `ends[i]`: the largest end of the first i + 1 matches. */
  readonly ends: Int32Array;
}

function reachOf(hits: TextHit[]): Reach {
  hits.sort((a, b) => a.start - b.start);
  const starts = new Int32Array(hits.length);
  const ends = new Int32Array(hits.length);
  let reach = -1;
  for (const [at, hit] of hits.entries()) {
    reach = Math.max(reach, hit.end);
    starts[at] = hit.start;
    ends[at] = reach;
  }
  return { starts, ends };
}

/** Whether a match of `reach` overlaps [start, end): of those starting before `end`, one ends after `start`. */
function overlaps(reach: Reach, start: number, end: number): boolean {
  let low = 0;
  let high = reach.starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((reach.starts[middle] ?? 0) < end) low = middle + 1;
    else high = middle;
  }
  return low > 0 && (reach.ends[low - 1] ?? 0) > start;
}

/**
 * The hits of `added` that overlap no hit of the same token in `known`, in their order. Sorting the known
 * hits once per token makes each question a binary search: O((known + added) log known), where asking
 * every known hit for every added one cost their product (minutes for thousands of leaks).
 */
export function newHits(known: readonly TextHit[], added: readonly TextHit[]): TextHit[] {
  if (added.length === 0) return [];
  const byToken = new Map<number, TextHit[]>();
  for (const hit of known) {
    const list = byToken.get(hit.tokenIndex);
    if (list === undefined) byToken.set(hit.tokenIndex, [hit]);
    else list.push(hit);
  }
  const reaches = new Map<number, Reach>();
  for (const [tokenIndex, hits] of byToken) reaches.set(tokenIndex, reachOf(hits));
  return added.filter((hit) => {
    const reach = reaches.get(hit.tokenIndex);
    return reach === undefined || !overlaps(reach, hit.start, hit.end);
  });
}
