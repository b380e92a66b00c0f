// HTTP benchmark: configurations A (no OpenTelemetry), B (NodeSDK + instrumentation-http + batch
// processor to a discarding exporter), C (B + otel-jwt) and D (B + jose.jwtVerify in the handler),
// alternated A B C D in every round so that ratios hold on a noisy machine. Each run is a fresh
// service process on loopback, warmed up, then loaded by autocannon.
// Usage: node http.bench.ts   (BENCH_SECONDS, BENCH_ROUNDS, BENCH_WARMUP_SECONDS, BENCH_CONNECTIONS;
// BENCH_CPU_PROF_DIR writes a CPU profile of every service process there)
import { ALGS, AUDIENCE, type BenchAlg, ISSUER, startIdp } from './src/idp.ts';
import { runLoad } from './src/load.ts';
import { VARIANTS } from './src/protocol.ts';
import { reportLines } from './src/report.ts';
import { kindLabel, Results, TOKEN_KINDS, type TokenKind } from './src/results.ts';
import { startService } from './src/service-process.ts';
import { TokenPool } from './src/token-pool.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF_DIR;
/** Headroom over B's request count when sizing the distinct-token pool for C and D. */
const POOL_HEADROOM = 1.1;

const idp = await startIdp();
const repeated = new Map<BenchAlg, string>();
const pools = new Map<BenchAlg, TokenPool>();
for (const alg of ALGS) {
  repeated.set(alg, await idp.mint(alg, 0));
  const pool = new TokenPool(idp, alg);
  // A and B run before the pool is sized for C and D; they ignore the token, so a short pool sent
  // round and round gives them the same header sizes.
  await pool.ensure(1_000);
  pools.set(alg, pool);
}
const results = new Results();
const started = Date.now();
console.log(
  `otel-jwt HTTP benchmark: Node ${process.version}, ${SECONDS} s per run (+${WARMUP_SECONDS} s warm-up), ${CONNECTIONS} connections, ${ROUNDS} rounds of A B C D per token kind`,
);

for (let round = 0; round < ROUNDS; round++) {
  for (const kind of TOKEN_KINDS) {
    for (const variant of VARIANTS) {
      const pool = pools.get(kind.alg) as TokenPool;
      if (kind.mode === 'distinct' && (variant === 'C' || variant === 'D')) await sizePool(pool, kind);
      pool.rewind();
      const token = kind.mode === 'repeated' ? (repeated.get(kind.alg) as string) : () => pool.take();
      const service = await startService(
        { variant, issuer: ISSUER, audience: AUDIENCE, jwksUri: idp.jwksUri },
        CPU_PROFILE_DIR === undefined ? {} : { cpuProfileDir: CPU_PROFILE_DIR },
      );
      try {
        await runLoad({ url: service.url, seconds: WARMUP_SECONDS, connections: CONNECTIONS, token });
        const reusedBefore = pool.reused;
        const before = await service.stats();
        const load = await runLoad({ url: service.url, seconds: SECONDS, connections: CONNECTIONS, token });
        const after = await service.stats();
        const reusedTokens = variant === 'C' && kind.mode === 'distinct' ? pool.reused - reusedBefore : 0;
        const cpuUsPerRequest = (after.cpuUs - before.cpuUs) / (after.requests - before.requests);
        // A refused token would make C or D skip work and look faster: count it as a failure.
        const failures = load.failures + after.refused;
        results.add(kind, variant, round, { ...load, failures, reusedTokens, cpuUsPerRequest });
        console.log(
          `round ${round + 1} ${kindLabel(kind).padEnd(38)} ${variant} ${Math.round(load.rps).toLocaleString('en-US').padStart(7)} req/s  p50 ${load.p50.toFixed(2)} ms  p99 ${load.p99.toFixed(2)} ms  CPU ${cpuUsPerRequest.toFixed(0)} µs/req${failures > 0 ? `  FAILED ${failures}` : ''}`,
        );
      } finally {
        await service.stop();
      }
    }
  }
}

for (const line of reportLines(results, TOKEN_KINDS)) console.log(line);
console.log(`\ntotal time ${((Date.now() - started) / 1000).toFixed(0)} s`);
await idp.close();

/**
 * Enough distinct tokens that C and D never see one twice: B, which verifies nothing, serves at least
 * as many requests as they do, so its count this round (or the largest run so far) bounds theirs.
 */
async function sizePool(pool: TokenPool, kind: TokenKind): Promise<void> {
  const counts = (['B', 'C', 'D'] as const).flatMap((v) => results.of(kind, v).map((r) => r.requests));
  const perSecond = Math.max(...counts) / SECONDS;
  const needed = Math.ceil(perSecond * (SECONDS + WARMUP_SECONDS) * POOL_HEADROOM);
  if (pool.size >= needed) return;
  const t0 = Date.now();
  await pool.ensure(needed);
  console.log(
    `minted ${kind.alg} tokens up to ${needed.toLocaleString('en-US')} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
}
