// Request streams for the load phases: tokens of one kind, tagged with the stream they belong to so the
// service counts verdicts per stream, and mixes of streams in fixed proportions.
import type { Headers, NextRequest } from './load.ts';
import { STREAM_HEADER } from './protocol.ts';

/** Bearer tokens taken in turn from `tokens` (one token: the same every time, a cache hit after the first). */
export function tokenStream(name: string, tokens: readonly string[]): NextRequest {
  let next = 0;
  const headers = tokens.map(
    (token): Headers => ({ authorization: `Bearer ${token}`, [STREAM_HEADER]: name }),
  );
  return () => {
    const request = headers[next] as Headers;
    next = (next + 1) % headers.length;
    return request;
  };
}

/** Interleaves streams: each turn, stream i gives `weight` requests. */
export function mixed(...parts: ReadonlyArray<readonly [NextRequest, number]>): NextRequest {
  const order = parts.flatMap(([stream, weight]) => Array.from({ length: weight }, () => stream));
  let at = 0;
  return () => {
    const stream = order[at] as NextRequest;
    at = (at + 1) % order.length;
    return stream();
  };
}

/** A stream of whole header sets (credentials in several headers), tagged like tokenStream's. */
export function headerStream(name: string, sets: readonly Record<string, string>[]): NextRequest {
  const headers = sets.map((set): Headers => ({ ...set, [STREAM_HEADER]: name }));
  let next = 0;
  return () => {
    const request = headers[next] as Headers;
    next = (next + 1) % headers.length;
    return request;
  };
}
