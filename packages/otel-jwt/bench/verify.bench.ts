// Benchmark of one JWT verification, per algorithm (not a test). Needs the built package:
//   pnpm run build && pnpm run bench     (BENCH_ROUNDS=n: rounds, default 4; BENCH_VERBOSE=1: every measurement)
//
// (a) otel-jwt uncached, (b) its cache hit with a fresh copy of the token string per call (as real requests
// have) and (b') with the very same string, (c) jose.jwtVerify under the same policy with a CryptoKey
// imported once, (d) the bare node:crypto check on pre-decoded buffers (cheapest correct form; the floor).
// All of them run in interleaved rounds inside one mitata run; each cell is the median over the rounds of
// mitata's per-benchmark median, and ratios are taken within a round before the median over rounds.
import { jwtVerify } from 'jose';
import { bench, do_not_optimize, run } from 'mitata';
import type { JwtVerifier } from '../src/index.ts';
import { ALGORITHMS, type Fixture, freshCopy, makeFixture } from './fixtures.ts';
import { type Meta, median, ns, Results, type Row, ratio, tableLines, targetLines } from './report.ts';

// The built package (dist/, through the package's own exports map), never the sources. The specifier is a
// variable so that type-checking takes the types from src/ and does not need a build first.
const PACKAGE: string = 'otel-jwt';
const { createJwtVerifier } = (await import(PACKAGE)) as typeof import('../src/index.ts');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('BENCH_ROUNDS must be a positive integer');
if (typeof globalThis.gc !== 'function')
  console.warn('warning: run with node --expose-gc for steadier numbers');

interface Subject {
  readonly fx: Fixture;
  readonly uncached: JwtVerifier;
  readonly cached: JwtVerifier;
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
  return { fx, uncached, cached };
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
  for (const { fx, uncached, cached } of order) {
    const { alg, token, joseKey, joseOptions } = fx;
    for (const floor of fx.floors) perCall({ alg, kind: 'd', round, variant: floor.label }, floor.fn);
    perCall({ alg, kind: 'a', round }, () => uncached.verify(token));
    perCall({ alg, kind: 'c', round }, () => jwtVerify(token, joseKey, joseOptions));
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

const results = new Results();
for (const trial of benchmarks) {
  const meta = metaByName.get(trial.alias);
  const stats = trial.runs[0]?.stats;
  if (meta === undefined || stats === undefined) throw new Error(`unexpected mitata trial ${trial.alias}`);
  results.add(meta, stats.p50);
}

const rows: Row[] = subjects.map(({ fx: { alg, floors } }) => {
  const variants = floors.map((f) => [f.label, results.rounds(alg, 'd', f.label)] as const);
  // Per round, the floor is the cheapest correct variant measured in that round.
  const d = Array.from({ length: ROUNDS }, (_, i) => Math.min(...variants.map(([, v]) => v[i] as number)));
  const variantMedians = variants.map(([label, v]) => [label, median(v)] as const);
  const cheapest = variantMedians.reduce((best, v) => (v[1] < best[1] ? v : best));
  const a = results.rounds(alg, 'a');
  const b = results.rounds(alg, 'b');
  const c = results.rounds(alg, 'c');
  return {
    alg,
    a: median(a),
    b: median(b),
    bSame: median(results.rounds(alg, 'bSame')),
    c: median(c),
    d: median(d),
    aOverD: ratio(a, d),
    aOverDRounds: a.map((value, i) => value / (d[i] as number)),
    bOverA: ratio(b, a),
    aOverC: ratio(a, c),
    floorLabel: cheapest[0],
    floorVariants: variantMedians,
  };
});

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
const verdicts = targetLines(rows);
console.log('\ntargets:');
for (const v of verdicts) console.log(`  ${v.line}`);
const missed = verdicts.filter((v) => !v.pass).length;
console.log(missed === 0 ? '\nall targets met' : `\n${missed} target(s) missed`);
for (const { uncached, cached } of subjects) {
  uncached.close();
  cached.close();
}
