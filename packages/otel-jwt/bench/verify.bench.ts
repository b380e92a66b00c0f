// Benchmark of one JWT verification, per algorithm (not a test). Needs the built package:
//   pnpm run build && pnpm run bench     (BENCH_ROUNDS=n: rounds, default 4; BENCH_PAIRED_MS=n: budget of
//   each paired ratio against fast-jwt, default 400; BENCH_VERBOSE=1: every measurement)
//
// (a) otel-jwt uncached, (b) its cache hit with a fresh copy of the token string per call (as real requests
// have) and (b') with the very same string, (c) jose.jwtVerify under the same policy with a CryptoKey
// imported once, (d) the bare node:crypto check on pre-decoded buffers (cheapest correct form; the floor),
// (f) fast-jwt's createVerifier with its cache off and (f') its cache hit (verify-fast-jwt.ts).
// All of them run in interleaved rounds inside one mitata run; each cell is the median over the rounds of
// mitata's per-benchmark median, and ratios are taken within a round before the median over rounds.
import { jwtVerify } from 'jose';
import { bench, do_not_optimize, run } from 'mitata';
import type { JwtVerifier } from '../src/index.ts';
import { ALGORITHMS, type Fixture, freshCopy, makeFixture } from './fixtures.ts';
import { type Meta, ns, Results, rowOf, tableLines, targetLines } from './report.ts';
import { type FastJwt, fastJwtLines, fastJwtVerifiers, pairedRounds } from './verify-fast-jwt.ts';

// The built package (dist/, through the package's own exports map), never the sources; BENCH_PACKAGE names
// another build's entry file, to compare two builds. The specifier is a variable so that type-checking takes
// the types from src/ and does not need a build first.
const PACKAGE: string = process.env.BENCH_PACKAGE ?? 'otel-jwt';
const { createJwtVerifier } = (await import(PACKAGE)) as typeof import('../src/index.ts');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('BENCH_ROUNDS must be a positive integer');
const PAIRED_MS = Number(process.env.BENCH_PAIRED_MS ?? 400);
if (!(PAIRED_MS > 0)) throw new Error('BENCH_PAIRED_MS must be a positive number');
if (typeof globalThis.gc !== 'function')
  console.warn('warning: run with node --expose-gc for steadier numbers');

interface Subject {
  readonly fx: Fixture;
  readonly uncached: JwtVerifier;
  readonly cached: JwtVerifier;
  readonly fast: FastJwt;
}

function fail(message: string): never {
  console.error(`bench setup failed: ${message}`);
  process.exit(1);
}

/** Everything measured must do the real work and succeed; a benchmark of a rejection would be worthless. */
async function checked(fx: Fixture): Promise<Subject> {
  const uncached = createJwtVerifier({ ...fx.config, cacheMaxEntries: 0 });
  const cached = createJwtVerifier(fx.config);
  const first = uncached.verify(fx.token);
  if (first.status !== 'valid') fail(`${fx.alg}: uncached verify() gave ${JSON.stringify(first)}`);
  if (uncached.verify(fx.token) === first) fail(`${fx.alg}: the verifier with cacheMaxEntries 0 cached`);
  const hit = cached.verify(fx.token);
  if (hit.status !== 'valid') fail(`${fx.alg}: cached verify() gave ${JSON.stringify(hit)}`);
  if (cached.verify(fx.token) !== hit || cached.verify(freshCopy(fx.token)) !== hit)
    fail(`${fx.alg}: a repeated token was not served from the cache`);
  const tampered = `${fx.token.slice(0, -4)}${fx.token.endsWith('AAAA') ? 'BAAA' : 'AAAA'}`;
  if (uncached.verify(tampered).status !== 'invalid') fail(`${fx.alg}: a tampered signature did not fail`);
  const jose = await jwtVerify(fx.token, fx.joseKey, fx.joseOptions);
  if (jose.payload.sub !== (first.status === 'valid' ? first.claims.sub : undefined))
    fail(`${fx.alg}: jose and otel-jwt disagree`);
  for (const floor of fx.floors)
    if (floor.fn() !== true) fail(`${fx.alg}: floor "${floor.label}" did not verify`);
  return { fx, uncached, cached, fast: fastJwtVerifiers(fx, fail) };
}

const subjects: Subject[] = [];
for (const alg of ALGORITHMS) subjects.push(await checked(await makeFixture(alg)));

const metaByName = new Map<string, Meta>();
const { hrtime } = process;

/**
 * Registers one measurement of a call that takes microseconds: each call is timed on its own (mitata's
 * manual mode), so that every sample is one call and the median shrugs off bursts of noise, where
 * mitata's default batches of 4096 calls would leave only a dozen samples of slow calls.
 * Heap statistics are off: they are not reported, and sampling them costs run time.
 */
function perCall(meta: Meta, fn: () => unknown): void {
  const name = `${meta.alg} ${meta.kind} ${meta.variant ?? ''} #${meta.round}`;
  metaByName.set(name, meta);
  bench(name, function* () {
    yield {
      heap: false,
      manual() {
        const start = hrtime.bigint();
        const out = fn();
        if (out instanceof Promise) return out.then(() => Number(hrtime.bigint() - start));
        const elapsed = Number(hrtime.bigint() - start);
        do_not_optimize(out);
        return elapsed;
      },
    };
  });
}

/** Registers a sub-microsecond measurement, batched by mitata; `fresh` makes each call's argument untimed. */
function batched(meta: Meta, fn: (arg: string) => unknown, fresh: () => string): void {
  const name = `${meta.alg} ${meta.kind} ${meta.variant ?? ''} #${meta.round}`;
  metaByName.set(name, meta);
  bench(name, function* () {
    yield { heap: false, 0: fresh, bench: (arg: string) => do_not_optimize(fn(arg)) };
  });
}

for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order between rounds so that no measurement always follows the same neighbour.
  const order = round % 2 === 0 ? subjects : [...subjects].reverse();
  for (const { fx, uncached, cached, fast } of order) {
    const { alg, token, joseKey, joseOptions } = fx;
    for (const floor of fx.floors) perCall({ alg, kind: 'd', round, variant: floor.label }, floor.fn);
    perCall({ alg, kind: 'a', round }, () => uncached.verify(token));
    perCall({ alg, kind: 'f', round }, () => fast.uncached(token));
    perCall({ alg, kind: 'c', round }, () => jwtVerify(token, joseKey, joseOptions));
    batched(
      { alg, kind: 'fHit', round },
      (copy) => fast.cached(copy),
      () => freshCopy(token),
    );
    batched(
      { alg, kind: 'bSame', round },
      () => cached.verify(token),
      () => token,
    );
    batched(
      { alg, kind: 'b', round },
      (copy) => cached.verify(copy),
      () => freshCopy(token),
    );
  }
}

const total = metaByName.size;
let done = 0;
const started = Date.now();
const { benchmarks } = await run({
  format: 'quiet',
  throw: true,
  observe: (trial) => {
    done++;
    if (done % 10 === 0 || done === total) process.stderr.write(`  ${done}/${total} measured\n`);
    return trial;
  },
});

// The verdicts against fast-jwt, paired: alternating batches of each, per round (paired.ts).
const contenders = subjects.map(({ fx, uncached, cached, fast }) => ({
  alg: fx.alg,
  token: fx.token,
  ours: { uncached: (t: string) => uncached.verify(t), cached: (t: string) => cached.verify(t) },
  fast,
}));
const paired = pairedRounds(contenders, ROUNDS, PAIRED_MS);

const results = new Results();
for (const trial of benchmarks) {
  const meta = metaByName.get(trial.alias);
  const stats = trial.runs[0]?.stats;
  if (meta === undefined || stats === undefined) throw new Error(`unexpected mitata trial ${trial.alias}`);
  results.add(meta, stats.p50);
}

const rows = subjects.map(({ fx: { alg, floors } }) =>
  rowOf(
    results,
    alg,
    floors.map((f) => f.label),
    ROUNDS,
  ),
);

if (process.env.BENCH_VERBOSE === '1') {
  console.log('\nper round (ns/op):');
  for (const trial of benchmarks)
    console.log(`  ${trial.alias.padEnd(58)} ${ns(trial.runs[0]?.stats?.p50 ?? Number.NaN)}`);
}

const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `\notel-jwt verify: ns/op, median over ${ROUNDS} interleaved rounds of mitata medians (node ${process.version}, ${seconds} s)`,
);
console.log(tableLines(rows).join('\n'));
const against = fastJwtLines(results, contenders, paired);
console.log(`\n${against.lines.join('\n')}`);
const verdicts = [...targetLines(rows), ...against.verdicts];
console.log('\ntargets:');
for (const v of verdicts) console.log(`  ${v.line}`);
const missed = verdicts.filter((v) => !v.pass).length;
console.log(missed === 0 ? '\nall targets met' : `\n${missed} target(s) missed`);
for (const { uncached, cached } of subjects) {
  uncached.close();
  cached.close();
}
