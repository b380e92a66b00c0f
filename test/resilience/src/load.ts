// One load phase against the service with autocannon: every request's headers come from `next`, and
// the latency of each answer is kept at microsecond resolution (autocannon's own histogram holds
// whole milliseconds).
import autocannon from 'autocannon';

export type Headers = Record<string, string>;
export type NextRequest = () => Headers;

export interface PhaseResult {
  readonly requests: number;
  /** Errors, timeouts and answers other than 2xx: the service must answer everything. */
  readonly failures: number;
  /** Milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export async function runPhase(
  url: string,
  seconds: number,
  connections: number,
  next: NextRequest,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  const run = autocannon({
    url,
    connections,
    duration: seconds,
    // A request autocannon waits on longer than this counts as a timeout (a failure), not a hang.
    timeout: 10,
    requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...next() } }) }],
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  run.on('response', (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
  });
  const result = await run;
  latencies.sort((x, y) => x - y);
  return {
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
  };
}

/** The `p`th percentile of values sorted in ascending order (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
