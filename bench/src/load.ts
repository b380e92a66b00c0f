// One autocannon run against a service, with latency kept at microsecond resolution: autocannon's own
// histogram holds whole milliseconds, too coarse for sub-millisecond loopback latencies.
import autocannon from 'autocannon';

export interface LoadOptions {
  readonly url: string;
  readonly seconds: number;
  readonly connections: number;
  /** The same Authorization header on every request, or a fresh token per request. */
  readonly token: string | (() => string);
}

export interface LoadResult {
  readonly requests: number;
  readonly rps: number;
  /** Milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Errors, timeouts and responses other than 2xx: any of them makes the run unusable for comparison. */
  readonly failures: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { token } = options;
  const latencies = new Latencies();
  const run = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    ...(typeof token === 'string'
      ? { headers: { authorization: `Bearer ${token}` } }
      : {
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                headers: { ...request.headers, authorization: `Bearer ${token()}` },
              }),
            },
          ],
        }),
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  run.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode === 200) latencies.add(responseTime);
  });
  const result = await run;
  const requests = result.requests.total;
  return {
    requests,
    rps: requests / result.duration,
    p50: latencies.percentile(50),
    p99: latencies.percentile(99),
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

/** A growable array of float latencies. */
class Latencies {
  private values = new Float64Array(1 << 16);
  private count = 0;

  add(ms: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = ms;
  }

  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const sorted = this.values.subarray(0, this.count).sort();
    return sorted[Math.min(this.count - 1, Math.ceil((p / 100) * this.count) - 1)] as number;
  }
}
