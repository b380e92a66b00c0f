// A flood of a set number of requests with autocannon, beside a stream of valid requests measured only
// while the flood runs. Bounded: a flood that gets no answer for STALL_MS (a service gone unresponsive)
// or runs past its deadline is stopped and reported unfinished, instead of hanging the test.
import autocannon from 'autocannon';
import { type NextRequest, percentile } from './load.ts';

const VALID_CONNECTIONS = 2;
const FLOOD_CONNECTIONS = 8;
/** A request unanswered this long is a failure (autocannon counts a timeout). */
const REQUEST_TIMEOUT_SECONDS = 10;
const STALL_MS = 5_000;

export interface FloodPhase {
  /** Flood requests asked for, answered (any status) and failed (errors, timeouts, answers other than 2xx). */
  readonly amount: number;
  readonly answered: number;
  readonly failures: number;
  /** How the flood ended: every request answered, no answer for STALL_MS, or the deadline. */
  readonly ended: 'answered' | 'stalled' | 'deadline';
  /** From the start until the last flood answer (or the stop). */
  readonly seconds: number;
  /** The valid requests answered while the flood ran. */
  readonly valid: {
    readonly requests: number;
    readonly failures: number;
    readonly perSecond: number;
    /** Milliseconds. */
    readonly p50: number;
    readonly p99: number;
    readonly max: number;
  };
}

type Run = autocannon.Instance & PromiseLike<autocannon.Result>;

function start(
  url: string,
  connections: number,
  next: NextRequest,
  bound: { amount?: number; seconds?: number },
): Run {
  return autocannon({
    url,
    connections,
    ...(bound.amount === undefined ? { duration: bound.seconds ?? 1 } : { amount: bound.amount }),
    timeout: REQUEST_TIMEOUT_SECONDS,
    // Stop() takes effect at the next sample: sample often, so a stopped run ends at once.
    sampleInt: 100,
    requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...next() } }) }],
  }) as unknown as Run;
}

export async function floodBeside(
  url: string,
  flood: { readonly path: string; readonly next: NextRequest; readonly amount: number },
  valid: NextRequest,
  deadlineMs: number,
): Promise<FloodPhase> {
  const begin = performance.now();
  let lastAnswer = begin;
  let endedAt: number | undefined;
  let ended: FloodPhase['ended'] = 'answered';
  let answered = 0;
  let failures = 0;
  const latencies: number[] = [];
  let validFailures = 0;
  const validRun = start(url, VALID_CONNECTIONS, valid, { seconds: deadlineMs / 1000 + 1 });
  const floodRun = start(`${url}${flood.path}`, FLOOD_CONNECTIONS, flood.next, { amount: flood.amount });
  const finish = (how: FloodPhase['ended']) => {
    if (endedAt !== undefined) return;
    endedAt = performance.now();
    ended = how;
    validRun.stop();
    floodRun.stop();
  };
  floodRun.on('response', (_client, status) => {
    lastAnswer = performance.now();
    answered++;
    if (status < 200 || status > 299) failures++;
    if (answered === flood.amount) finish('answered');
  });
  floodRun.on('reqError', () => failures++);
  validRun.on('response', (_client, status, _bytes, responseTime) => {
    lastAnswer = performance.now();
    if (endedAt !== undefined) return;
    latencies.push(responseTime);
    if (status < 200 || status > 299) validFailures++;
  });
  validRun.on('reqError', () => {
    if (endedAt === undefined) validFailures++;
  });
  const watchdog = setInterval(() => {
    const now = performance.now();
    if (now - lastAnswer > STALL_MS) finish('stalled');
    else if (now - begin > deadlineMs) finish('deadline');
  }, 100);
  try {
    await Promise.all([floodRun, validRun]);
  } finally {
    clearInterval(watchdog);
  }
  const seconds = ((endedAt ?? performance.now()) - begin) / 1000;
  latencies.sort((x, y) => x - y);
  return {
    amount: flood.amount,
    answered,
    failures,
    ended,
    seconds,
    valid: {
      requests: latencies.length,
      failures: validFailures,
      perSecond: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? Number.NaN,
    },
  };
}
