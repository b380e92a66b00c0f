// fast-jwt beside otel-jwt's verifier, for bench/verify.bench.ts: the fastest synchronous JWT verifier in
// common use, under the same policy (same keys, tokens, algorithm allow-list, and iss, aud and exp checks
// with the same clock tolerance), uncached and with its cache on. The verdict lines use paired ratios.
import { createVerifier } from 'fast-jwt';
import { AUDIENCE, type BenchAlg, type Fixture, freshCopy, ISSUER } from './fixtures.ts';
import { pairedRatio } from './paired.ts';
import { median, ns, type Results } from './report.ts';

export interface FastJwt {
  readonly uncached: (token: string) => unknown;
  readonly cached: (token: string) => unknown;
}

/** fast-jwt's verifiers for a fixture, checked to succeed, to reject a forgery and to cache. */
export function fastJwtVerifiers(fx: Fixture, fail: (message: string) => never): FastJwt {
  const options = {
    key: fx.fastJwtKey,
    algorithms: [fx.alg],
    allowedIss: ISSUER,
    allowedAud: AUDIENCE,
    requiredClaims: ['exp'],
    // otel-jwt's default tolerance (30 s), in fast-jwt's milliseconds.
    clockTolerance: 30_000,
  };
  const uncached = createVerifier({ ...options, cache: false }) as (token: string) => unknown;
  const cached = createVerifier({ ...options, cache: true }) as (token: string) => unknown;
  const claims = uncached(fx.token) as { sub?: unknown };
  if (typeof claims.sub !== 'string') fail(`${fx.alg}: fast-jwt gave no subject`);
  if (uncached(fx.token) === claims) fail(`${fx.alg}: fast-jwt with the cache off cached`);
  const hit = cached(fx.token);
  if (cached(freshCopy(fx.token)) !== hit) fail(`${fx.alg}: fast-jwt's cache did not serve a repeated token`);
  const tampered = `${fx.token.slice(0, -4)}${fx.token.endsWith('AAAA') ? 'BAAA' : 'AAAA'}`;
  let refused = false;
  try {
    uncached(tampered);
  } catch {
    refused = true;
  }
  if (!refused) fail(`${fx.alg}: fast-jwt took a tampered signature`);
  return { uncached, cached };
}

/** Paired ratios of one round, per algorithm: otel-jwt's time over fast-jwt's. */
export interface FastJwtRatios {
  readonly uncached: number;
  readonly hit: number;
}

export interface Contender {
  readonly alg: BenchAlg;
  readonly token: string;
  readonly ours: {
    readonly uncached: (token: string) => unknown;
    readonly cached: (token: string) => unknown;
  };
  readonly fast: FastJwt;
}

/**
 * One round of paired measurements (paired.ts): otel-jwt uncached against fast-jwt uncached, and the two
 * cache hits, each on a fresh copy of the token string per call (as each request has its own).
 */
function pairedRound(contenders: readonly Contender[], budgetMs: number): Map<BenchAlg, FastJwtRatios> {
  const out = new Map<BenchAlg, FastJwtRatios>();
  for (const { alg, token, ours, fast } of contenders) {
    const make = () => freshCopy(token);
    // Batches of about a millisecond for the slow checks; hits need long batches to dwarf the timer.
    const batch = alg === 'HS256' ? 64 : 8;
    const uncached = pairedRatio({ make, run: ours.uncached }, { make, run: fast.uncached }, budgetMs, batch);
    const hit = pairedRatio({ make, run: ours.cached }, { make, run: fast.cached }, budgetMs, 512);
    out.set(alg, { uncached, hit });
  }
  return out;
}

/** `rounds` rounds of {@link pairedRound}, the order of the algorithms alternating between rounds. */
export function pairedRounds(
  contenders: readonly Contender[],
  rounds: number,
  budgetMs: number,
): Map<BenchAlg, FastJwtRatios>[] {
  process.stderr.write(`  paired against fast-jwt: ${rounds} x ${contenders.length} x 2 x ${budgetMs} ms\n`);
  const out: Map<BenchAlg, FastJwtRatios>[] = [];
  for (let round = 0; round < rounds; round++) {
    out.push(pairedRound(round % 2 === 0 ? contenders : [...contenders].reverse(), budgetMs));
  }
  return out;
}

const percent = (value: number): string => `${(Math.abs(1 - value) * 100).toFixed(1)}%`;

/**
 * The table beside fast-jwt (mitata medians of the interleaved rounds, and the paired ratios) and the
 * verdicts: otel-jwt must take less time than fast-jwt, uncached and on a cache hit.
 */
export function fastJwtLines(
  results: Results,
  contenders: readonly Contender[],
  paired: readonly Map<BenchAlg, FastJwtRatios>[],
): { lines: string[]; verdicts: { line: string; pass: boolean }[] } {
  const rows = contenders.map(({ alg }) => ({
    alg,
    a: median(results.rounds(alg, 'a')),
    b: median(results.rounds(alg, 'b')),
    f: median(results.rounds(alg, 'f')),
    fHit: median(results.rounds(alg, 'fHit')),
    uncached: paired.map((r) => r.get(alg)?.uncached ?? Number.NaN),
    hit: paired.map((r) => r.get(alg)?.hit ?? Number.NaN),
  }));
  const lines = [
    'against fast-jwt (createVerifier; cache off, and cache on with its defaults), ns/op and paired ratios:',
    `${'alg'.padEnd(6)} ${'(a) otel-jwt'.padStart(13)} ${'(f) fast-jwt'.padStart(13)} ${'a/f'.padStart(6)}   ${'(b) hit'.padStart(9)} ${"(f') fast-jwt hit".padStart(18)} ${"b/f'".padStart(6)}`,
  ];
  const verdicts: { line: string; pass: boolean }[] = [];
  for (const r of rows) {
    const uncached = median(r.uncached);
    const hit = median(r.hit);
    lines.push(
      `${r.alg.padEnd(6)} ${ns(r.a).padStart(13)} ${ns(r.f).padStart(13)} ${uncached.toFixed(3).padStart(6)}   ${ns(r.b).padStart(9)} ${ns(r.fHit).padStart(18)} ${hit.toFixed(3).padStart(6)}`,
    );
    for (const [what, value, rounds] of [
      ['uncached', uncached, r.uncached],
      ['cache hit', hit, r.hit],
    ] as const) {
      const pass = value < 1;
      const by = pass ? `otel-jwt takes ${percent(value)} less time` : `over by ${percent(value)}`;
      verdicts.push({
        pass,
        line: `${pass ? 'MET ' : 'MISS'}  otel-jwt < fast-jwt, ${what.padEnd(9)} ${r.alg.padEnd(6)} ${value.toFixed(3)}  ${by}  (rounds: ${rounds.map((v) => v.toFixed(3)).join(' ')})`,
      });
    }
  }
  return { lines, verdicts };
}
