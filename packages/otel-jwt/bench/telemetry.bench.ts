// Benchmark of otel-jwt's per-request telemetry costs (not a test). Needs the built package:
//   pnpm run build && pnpm run bench     (BENCH_ROUNDS=n: rounds, default 3; BENCH_PAIRED_MS=n: budget of each
//   paired ratio, default 700; BENCH_VERBOSE=1: every measurement)
//
// One ES256 token, against (s) the stock W3C trace-context + baggage extract of the same request: (h) the
// JWT propagator's extract with a repeated token (verified-cache hit; (hFull) the same with 10,000 other
// tokens cached), (m) with a new token each time (a pool of more distinct tokens than the cache holds,
// cycled in order: every lookup misses), (v) the verifier's own uncached verify of such a new token, (p) the
// span processor's onStart on the entry span. Each for a
// first hop (no proof in baggage) and a mid-chain hop (the headers the first hop's inject sent to a
// trusted destination: a valid subject proof). Also inject to a trusted destination, stock vs otel-jwt's
// for each client (node:http, fetch, gRPC: client-inject.ts).
// Every header string is new for each call, as each request has them. All cases run in interleaved rounds
// inside one mitata run; each cell is the median over rounds of mitata's median, ratios are taken within
// a round before the median over rounds. The MET/MISS lines use paired measurements (telemetry-targets.ts).
import {
  type Context,
  defaultTextMapGetter as getter,
  ROOT_CONTEXT,
  defaultTextMapSetter as setter,
  trace,
} from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { JwtVerifierConfig } from '../src/index.ts';
import { clientContext, clientInjects } from './client-inject.ts';
import { type EntrySpan, spanSource } from './sdk-span.ts';
import {
  firstHopHeaders,
  freshHeaders,
  type Headers,
  makeIssuer,
  OUTGOING_OPTIONS,
  POOL_SIZE,
  TokenPool,
} from './telemetry-fixtures.ts';
import { type Case, type Kind, measureRounds, reportLines } from './telemetry-report.ts';
import { measureTargets, targetVerdicts } from './telemetry-targets.ts';

// The built package (dist/, through the package's own exports map), never the sources; BENCH_PACKAGE names
// another build's entry file, to compare two builds.
const PACKAGE: string = process.env.BENCH_PACKAGE ?? 'otel-jwt';
const { createJwtTelemetry, createJwtVerifier, getAuth, jwtGrpcClientOptions } = (await import(
  PACKAGE
)) as typeof import('../src/index.ts');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('BENCH_ROUNDS must be a positive integer');
const PAIRED_MS = Number(process.env.BENCH_PAIRED_MS ?? 700);
if (!(PAIRED_MS > 0)) throw new Error('BENCH_PAIRED_MS must be a positive number');
if (typeof globalThis.gc !== 'function')
  console.warn('warning: run with node --expose-gc for steadier numbers');

function fail(message: string): never {
  console.error(`bench setup failed: ${message}`);
  process.exit(1);
}

const setupStarted = Date.now();
const issuer = makeIssuer();
const jwt = createJwtTelemetry(issuer.config);
// The miss cases fill a verifier's cache; they get their own instance (same configuration, so the same
// keys: the first hop's proof checks there too), whose full cache also serves the (hFull) case.
const jwtFull = createJwtTelemetry(issuer.config);
const stock = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});
const spans = await spanSource();

const token = issuer.mint();
const pool = new TokenPool(issuer, POOL_SIZE);
const pooled = () => pool.next();
// (v): the same verifier configuration with its cache off, on the pool's tokens.
const verifier = createJwtVerifier({ ...(issuer.config.verifier as JwtVerifierConfig), cacheMaxEntries: 0 });
const verifyArgument = () => pool.nextCut();
if (verifier.verify(verifyArgument()).status !== 'valid')
  fail('the verifier alone did not verify a pooled token');

/** Everything measured must do the real work and succeed: a benchmark of an error path would be worthless. */
function expectAuth(ctx: Context, verdict: string, what: string): Context {
  const auth = getAuth(ctx);
  if (auth?.result.status !== 'valid') fail(`${what}: extract gave ${JSON.stringify(auth?.result)}`);
  if (auth.subjectVerdict !== verdict) fail(`${what}: verdict ${auth.subjectVerdict}, expected ${verdict}`);
  if (auth.removedBaggageKeys.length > 0) fail(`${what}: removed ${auth.removedBaggageKeys.join(', ')}`);
  return ctx;
}

const first = firstHopHeaders(token);
const stockFirst = stock.extract(ROOT_CONTEXT, first, getter);
if (trace.getSpanContext(stockFirst)?.isRemote !== true) fail('the stock extract found no trace context');
const jwtFirst = expectAuth(
  jwt.jwtPropagator.extract(stockFirst, first, getter),
  'no_upstream_proof',
  'first hop',
);

// The mid-chain request carries what the first hop's inject sent to a trusted destination.
const sent: Record<string, string> = {};
jwt.httpInstrumentationConfig.startOutgoingSpanHook(OUTGOING_OPTIONS);
jwt.propagator.inject(clientContext(jwtFirst), sent, setter);
if (!sent.baggage?.startsWith('jwt.subject_proof=') || sent.traceparent === undefined)
  fail(`inject to a trusted destination sent no proof: ${JSON.stringify(sent)}`);
const mid: Headers = {
  traceparent: sent.traceparent,
  baggage: sent.baggage,
  authorization: first.authorization,
};
const stockMid = stock.extract(ROOT_CONTEXT, mid, getter);
const jwtMid = expectAuth(jwt.jwtPropagator.extract(stockMid, mid, getter), 'consistent', 'mid-chain');

const HOPS = ['First', 'Mid'] as const;
type Hop = (typeof HOPS)[number];
const headersOf = { First: first, Mid: mid } as const;
const stockOf = { First: stockFirst, Mid: stockMid } as const;
const jwtOf = { First: jwtFirst, Mid: jwtMid } as const;
const verdictOf = { First: 'no_upstream_proof', Mid: 'consistent' } as const;
const hit = getAuth(jwtFirst)?.result;
for (const hop of HOPS) {
  const again = jwt.jwtPropagator.extract(stockOf[hop], freshHeaders(headersOf[hop]), getter);
  if (expectAuth(again, verdictOf[hop], `${hop} hit`) && getAuth(again)?.result !== hit)
    fail(`${hop}: a repeated token was not served from the verified cache`);
  const span = spans.start(jwtOf[hop]);
  jwt.spanProcessor.onStart(span, jwtOf[hop]);
  const a = span.attributes;
  if (a['jwt.result'] !== 'valid' || a['tenant.id'] !== 'acme-eu' || typeof a['user.hash'] !== 'string')
    fail(`${hop}: onStart did not set the entry attributes: ${JSON.stringify(a)}`);
  if (a['jwt.subject.verdict'] !== verdictOf[hop]) fail(`${hop}: span verdict ${a['jwt.subject.verdict']}`);
}
// One full cycle of the pool (also the warm-up of the miss path), then the first token must miss again.
const full = jwtFull.jwtPropagator;
const missFirst = () => full.extract(stockFirst, freshHeaders(first, pooled()), getter);
const firstPooled = getAuth(expectAuth(missFirst(), 'no_upstream_proof', 'miss'))?.result;
for (let i = 1; i < POOL_SIZE; i++) expectAuth(missFirst(), 'no_upstream_proof', 'miss');
if (getAuth(missFirst())?.result === firstPooled) fail('a pooled token was served from the cache');
expectAuth(full.extract(stockMid, freshHeaders(mid, pooled()), getter), 'consistent', 'miss mid');
const fullHit = getAuth(expectAuth(full.extract(stockFirst, first, getter), 'no_upstream_proof', 'full'));
if (getAuth(full.extract(stockFirst, freshHeaders(first), getter))?.result !== fullHit?.result)
  fail('the repeated token was not served from the full cache');

/** A context of a first hop's request with its own, untouched auth state: the proof is not yet memoised. */
const injectContext = (): Context => clientContext(jwt.jwtPropagator.extract(stockFirst, first, getter));
const clientFirst = injectContext();
const injects = clientInjects(jwt, jwtGrpcClientOptions, setter);
if (injects.http(injectContext()).baggage !== sent.baggage) fail('the JWT inject did not send the proof');
if (injects.fetch(injectContext()).baggage !== sent.baggage) fail('the fetch inject did not send the proof');
if (injects.grpc(injectContext()).get('baggage')?.[0] !== sent.baggage)
  fail('the gRPC transformer did not send the proof');

/** A case over a ready-made context: `extract` or `onStart` with a fresh argument per call. */
const c = <T>(run: (arg: T) => unknown, arg: () => T): Case => ({ run, arg });
const extractHit = (hop: Hop) => (h: Headers) => jwt.jwtPropagator.extract(stockOf[hop], h, getter);
const extractFull = (hop: Hop) => (h: Headers) => full.extract(stockOf[hop], h, getter);
const stockExtract = (h: Headers) => stock.extract(ROOT_CONTEXT, h, getter);
const onStart = (hop: Hop) => (span: EntrySpan) => jwt.spanProcessor.onStart(span, jwtOf[hop]);
const cases: Record<Kind, Case> = {
  s: c(stockExtract, () => freshHeaders(first)),
  sMid: c(stockExtract, () => freshHeaders(mid)),
  hFirst: c(extractHit('First'), () => freshHeaders(first)),
  hMid: c(extractHit('Mid'), () => freshHeaders(mid)),
  hFull: c(extractFull('First'), () => freshHeaders(first)),
  mFirst: c(extractFull('First'), () => freshHeaders(first, pooled())),
  mMid: c(extractFull('Mid'), () => freshHeaders(mid, pooled())),
  v: c((token: string) => verifier.verify(token), verifyArgument),
  pFirst: c(onStart('First'), () => spans.start(jwtFirst)),
  pMid: c(onStart('Mid'), () => spans.start(jwtMid)),
  iStock: c(
    (carrier: Record<string, string>) => stock.inject(clientFirst, carrier, setter),
    () => ({}),
  ),
  iJwt: c(injects.http, injectContext),
  iFetch: c(injects.fetch, injectContext),
  iGrpc: c(injects.grpc, injectContext),
};
const setupSeconds = ((Date.now() - setupStarted) / 1000).toFixed(1);
const started = Date.now();
const rounds = await measureRounds(cases, ROUNDS);

// The targets, paired: each pair of sides alternates in batches (telemetry-targets.ts, paired.ts).
const entry = (hop: Hop) => ({
  make: () => ({ headers: freshHeaders(headersOf[hop]), span: spans.start(jwtOf[hop]) }),
  run: ({ headers, span }: { headers: Headers; span: EntrySpan }) =>
    jwt.spanProcessor.onStart(span, jwt.jwtPropagator.extract(stockOf[hop], headers, getter)),
});
const stockInject = { make: () => ({}), run: cases.iStock.run };
const paired = measureTargets(
  {
    firstHop: [entry('First'), { make: () => freshHeaders(first), run: stockExtract }],
    midChain: [entry('Mid'), { make: () => freshHeaders(mid), run: stockExtract }],
    newToken: [
      { make: () => freshHeaders(first, pooled()), run: extractFull('First') },
      { make: verifyArgument, run: cases.v.run },
    ],
    inject: {
      'node:http': [{ make: injectContext, run: injects.http }, stockInject],
      fetch: [{ make: injectContext, run: injects.fetch }, stockInject],
      gRPC: [{ make: injectContext, run: injects.grpc }, stockInject],
    },
  },
  ROUNDS,
  PAIRED_MS,
);

const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `\notel-jwt telemetry per request, ES256: ns/op, median over ${ROUNDS} interleaved rounds of mitata medians (node ${process.version}, ${seconds} s + ${setupSeconds} s setup)`,
);
console.log(`(p) measured on ${spans.label}`);
console.log(reportLines(rounds).join('\n'));
const verdicts = targetVerdicts(rounds, paired);
console.log('\ntargets:');
for (const v of verdicts) console.log(`  ${v.line}`);
const missed = verdicts.filter((v) => !v.pass).length;
console.log(missed === 0 ? '\nall targets met' : `\n${missed} target(s) missed`);
await jwt.shutdown();
await jwtFull.shutdown();
verifier.close();
