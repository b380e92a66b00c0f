// Memory under a stream of distinct valid tokens: configuration C (NodeSDK + instrumentation-http +
// otel-jwt) serves MEMORY_TOKENS distinct ES256 tokens (default one million) plus returning users, and
// its live heap (after a full collection) must stay under a bound set by the verified-cache capacity.
// Bounded in time by MEMORY_MAX_SECONDS. Usage: node memory.bench.ts
import { AUDIENCE, ISSUER, startIdp } from './src/idp.ts';
import type { ServiceStats } from './src/protocol.ts';
import { startService } from './src/service-process.ts';
import { type StreamProgress, sendStream } from './src/stream-client.ts';
import { TokenStream } from './src/token-stream.ts';

const TOKENS = Number(process.env.MEMORY_TOKENS ?? 1_000_000);
const CAPACITY = Number(process.env.MEMORY_CACHE_ENTRIES ?? 10_000);
const REPEAT_SHARE = Number(process.env.MEMORY_REPEAT_SHARE ?? 0.2);
const MAX_SECONDS = Number(process.env.MEMORY_MAX_SECONDS ?? 1200);
const CONCURRENCY = 16;
const CHECKPOINT_MS = 30_000;
/**
 * Live heap one cached token may hold: the token string, its verified result (frozen header and
 * claims), the identity derived from it (span attributes, baggage entries, token pieces) and the cache
 * entry. Measured at 2.6-3.3 KiB for these ~430-character tokens; the bound allows 5 KiB.
 */
const ENTRY_BUDGET_BYTES = 5 * 1024;
/** Room for what the heap holds besides the cache and moves by itself: SDK queues, sockets, JIT code. */
const SLACK_BYTES = 16 * 1024 * 1024;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const started = Date.now();
const idp = await startIdp();
const service = await startService(
  {
    variant: 'C',
    issuer: ISSUER,
    audience: AUDIENCE,
    jwksUri: idp.jwksUri,
    cacheMaxEntries: CAPACITY,
    countHits: true,
  },
  { exposeGc: true, maxOldSpaceMb: 512 },
);
try {
  // Warm-up with one repeated token: the SDK, the instrumentation and the JIT settle, the cache holds one entry.
  const warm = await idp.mint('ES256', 0);
  const warmStream = { left: 2_000, next: async () => (warmStream.left-- > 0 ? warm : undefined) };
  await sendStream(service.url, warmStream, CONCURRENCY, Date.now() + 60_000, { sent: 0, failed: 0 });
  const baseline = await service.stats();
  const bound = baseline.heapUsed + CAPACITY * ENTRY_BUDGET_BYTES + SLACK_BYTES;
  console.log(
    `memory run: ${TOKENS.toLocaleString('en-US')} distinct ES256 tokens, ${Math.round(REPEAT_SHARE * 100)} % of requests resend a recent token, cache capacity ${CAPACITY.toLocaleString('en-US')}, Node ${process.version}`,
  );
  console.log(
    `heap bound: ${mb(bound)} = baseline ${mb(baseline.heapUsed)} + capacity ${CAPACITY} x ${ENTRY_BUDGET_BYTES / 1024} KiB + ${mb(SLACK_BYTES)} slack`,
  );

  const stream = new TokenStream(idp, {
    alg: 'ES256',
    distinct: TOKENS,
    repeatShare: REPEAT_SHARE,
    window: 2 * CAPACITY,
  });
  const progress: StreamProgress = { sent: 0, failed: 0 };
  const samples: { distinct: number; stats: ServiceStats }[] = [];
  const deadline = started + MAX_SECONDS * 1000;
  const sending = sendStream(service.url, stream, CONCURRENCY, deadline, progress);
  let done = false;
  void sending.finally(() => {
    done = true;
  });
  while (!done) {
    await Promise.race([sending, new Promise((resolve) => setTimeout(resolve, CHECKPOINT_MS))]);
    const stats = await service.stats();
    samples.push({ distinct: stream.sent, stats });
    console.log(line(stream.sent, stats, baseline));
  }
  await sending;

  const last = samples.at(-1)?.stats ?? baseline;
  const peak = Math.max(...samples.map((s) => s.stats.heapUsed));
  const peakRss = Math.max(...samples.map((s) => s.stats.rss));
  // After the cache first filled, the heap should move sideways, not up.
  const filled = samples.filter((s) => s.distinct >= 2 * CAPACITY);
  const growth =
    filled.length >= 2 ? last.heapUsed - (filled[0] as { stats: ServiceStats }).stats.heapUsed : 0;
  const hitRate = (last.hits - baseline.hits) / (last.hits - baseline.hits + last.misses - baseline.misses);
  console.log('');
  console.log(
    `distinct tokens sent: ${stream.sent.toLocaleString('en-US')} of ${TOKENS.toLocaleString('en-US')}${stream.sent < TOKENS ? ` (stopped at MEMORY_MAX_SECONDS=${MAX_SECONDS})` : ''}`,
  );
  console.log(
    `requests: ${progress.sent.toLocaleString('en-US')} (${stream.repeats.toLocaleString('en-US')} resent a recent token), failed or refused: ${progress.failed}`,
  );
  console.log(
    `verified-cache hit rate: ${(hitRate * 100).toFixed(1)} % of valid requests (${(((last.hits - baseline.hits) / Math.max(1, stream.repeats)) * 100).toFixed(1)} % of the resent tokens were still cached)`,
  );
  console.log(
    `live heap: peak ${mb(peak)}, last ${mb(last.heapUsed)}, bound ${mb(bound)}; change since the cache filled ${mb(growth)}; peak RSS ${mb(peakRss)}`,
  );
  console.log(
    `${peak <= bound && progress.failed === 0 ? 'PASS' : 'FAIL'}: heap within the bound set by the cache capacity; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  if (peak > bound || progress.failed > 0) process.exitCode = 1;
} finally {
  await service.stop();
  await idp.close();
}

function line(distinct: number, stats: ServiceStats, baseline: ServiceStats): string {
  const hits = stats.hits - baseline.hits;
  const valid = hits + stats.misses - baseline.misses;
  return `${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s  distinct ${distinct.toLocaleString('en-US').padStart(9)}  requests ${(stats.requests - baseline.requests).toLocaleString('en-US').padStart(9)}  live heap ${mb(stats.heapUsed).padStart(9)}  heap total ${mb(stats.heapTotal).padStart(9)}  rss ${mb(stats.rss).padStart(9)}  hit rate ${((hits / Math.max(1, valid)) * 100).toFixed(1)} %`;
}
