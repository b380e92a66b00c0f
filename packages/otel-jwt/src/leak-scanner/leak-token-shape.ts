import type { LeakForm, LeakMatch } from './leak-report.js';

/** Base64 shares up to 2 bytes at each end of the token with the neighbouring data. */
function slackOf(form: LeakForm): number {
  return form === 'base64' || form === 'base64url' ? 2 : 0;
}

/** Starts and ends of the segments longer than twice a slack, in token order (both rise). */
interface Segments {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

function longerThan(ranges: readonly (readonly [number, number])[], length: number): Segments {
  const kept = ranges.filter(([start, end]) => end - start > length);
  return {
    starts: Int32Array.from(kept, ([start]) => start),
    ends: Int32Array.from(kept, ([, end]) => end),
  };
}

/**
 * Length and dot-separated segments of a token, to name what a match covers. Which segment a match
 * covers is found by binary search, so a token of many dots costs a few steps per match, not one per dot.
 */
export class TokenShape {
  readonly length: number;
  /** The segments a match must cover, without slack and with base64's slack of 2. */
  readonly #exact: Segments;
  readonly #loose: Segments;

  constructor(token: string) {
    const segments: [number, number][] = [];
    let start = 0;
    for (const segment of token.split('.')) {
      segments.push([start, start + segment.length]);
      start += segment.length + 1;
    }
    this.length = token.length;
    this.#exact = longerThan(segments, 0);
    this.#loose = longerThan(segments, 4);
  }

  /**
   * `token` when the match covers all of the token, `segment` when it covers at least one whole segment
   * (base64 may miss `slack` characters at each end of either), else `substring`.
   */
  classify(form: LeakForm, tokenStart: number, tokenEnd: number): LeakMatch {
    const slack = slackOf(form);
    if (tokenStart <= slack && tokenEnd >= this.length - slack) return 'token';
    const { starts, ends } = slack === 0 ? this.#exact : this.#loose;
    // The first segment starting at or after tokenStart - slack ends first of those that could fit.
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((starts[middle] ?? 0) < tokenStart - slack) low = middle + 1;
      else high = middle;
    }
    return low < ends.length && (ends[low] ?? 0) <= tokenEnd + slack ? 'segment' : 'substring';
  }
}
