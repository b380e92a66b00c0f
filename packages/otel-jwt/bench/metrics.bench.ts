// What metrics cost per request (not a test). Needs the built package:
//   pnpm run build && node --expose-gc bench/metrics.bench.ts     (BENCH_ROUNDS=n: rounds, default 3)
//
// The same request, ES256 token repeated (a verified-cache hit), through two telemetries of the same
// configuration: metrics on (the default, reporting to a real sdk-metrics MeterProvider with a reader)
// and `metrics: 'off'`. Each does the JWT propagator's extract and the span processor's onStart on a
// real SDK 3.x entry span, at a first hop (no proof upstream) and mid-chain (the first hop's proofs in
// baggage). Every header string and span is new for each call. The mitata medians of interleaved rounds
// are shown for reference; the target uses the paired measure (paired.ts): batches of the two sides
// alternate and the median of the per-pair ratios is taken, steadier on a busy machine.
// Target: with metrics on, extract + onStart cost at most 5 % more than with metrics off.
import {
  type Context,
  defaultTextMapGetter as getter,
  ROOT_CONTEXT,
  defaultTextMapSetter as setter,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { bench, do_not_optimize, run } from 'mitata';
import { pairedRatio } from './paired.ts';
import { median } from './report.ts';
import { type EntrySpan, spanSource } from './sdk-span.ts';
import {
  firstHopHeaders,
  freshHeaders,
  type Headers,
  makeIssuer,
  OUTGOING_OPTIONS,
} from './telemetry-fixtures.ts';

// The built package (dist/, through the package's own exports map), never the sources.
const PACKAGE: string = 'otel-jwt';
const { createJwtTelemetry, getAuth } = (await import(PACKAGE)) as typeof import('../src/index.ts');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('BENCH_ROUNDS must be a positive integer');
const PAIRED_MS = 1000;
const TARGET = 1.05;

function fail(message: string): never {
  console.error(`bench setup failed: ${message}`);
  process.exit(1);
}

class ManualReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const issuer = makeIssuer();
const reader = new ManualReader();
const meterProvider = new MeterProvider({ readers: [reader] });
const sides = {
  on: createJwtTelemetry({ ...issuer.config, metrics: { meterProvider } }),
  off: createJwtTelemetry({ ...issuer.config, metrics: 'off' }),
} as const;
type Side = keyof typeof sides;
const stock = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});
const spans = await spanSource();
const token = issuer.mint();

/** Everything measured must verify and reach its verdict: a benchmark of an error path would be worthless. */
function expectAuth(ctx: Context, verdict: string, what: string): Context {
  const auth = getAuth(ctx);
  if (auth?.result.status !== 'valid') fail(`${what}: extract gave ${JSON.stringify(auth?.result)}`);
  if (auth.subjectVerdict !== verdict) fail(`${what}: verdict ${auth.subjectVerdict}, expected ${verdict}`);
  return ctx;
}

const first = firstHopHeaders(token);
const stockFirst = stock.extract(ROOT_CONTEXT, first, getter);
const jwtFirst = expectAuth(
  sides.off.jwtPropagator.extract(stockFirst, first, getter),
  'no_upstream_proof',
  'first',
);
// The mid-chain request carries what the first hop's inject sent to a trusted destination.
const traceId = trace.getSpanContext(jwtFirst)?.traceId ?? fail('no trace id');
const client = trace.setSpanContext(jwtFirst, {
  traceId,
  spanId: '5e5a1d0c0ffee001',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: false,
});
const sent: Record<string, string> = {};
sides.off.httpInstrumentationConfig.startOutgoingSpanHook(OUTGOING_OPTIONS);
sides.off.propagator.inject(client, sent, setter);
if (!sent.baggage?.startsWith('jwt.subject_proof=') || sent.traceparent === undefined)
  fail('inject to a trusted destination sent no proof');
const mid: Headers = {
  traceparent: sent.traceparent,
  baggage: sent.baggage,
  authorization: first.authorization,
};
const stockMid = stock.extract(ROOT_CONTEXT, mid, getter);

const HOPS = ['first hop', 'mid-chain'] as const;
type Hop = (typeof HOPS)[number];
const of = {
  'first hop': { headers: first, stock: stockFirst, verdict: 'no_upstream_proof' },
  'mid-chain': { headers: mid, stock: stockMid, verdict: 'consistent' },
} as const;

interface Request {
  readonly headers: Headers;
  readonly span: EntrySpan;
}
const make = (hop: Hop) => (): Request => ({
  headers: freshHeaders(of[hop].headers),
  span: spans.start(of[hop].stock),
});
/** The work timed: extract, then onStart of the entry span in the context it left. */
const request = (side: Side, hop: Hop) => {
  const jwt = sides[side];
  const base = of[hop].stock;
  return ({ headers, span }: Request) =>
    jwt.spanProcessor.onStart(span, jwt.jwtPropagator.extract(base, headers, getter));
};

for (const side of ['on', 'off'] as const) {
  for (const hop of HOPS) {
    const { headers, span } = make(hop)();
    const ctx = sides[side].jwtPropagator.extract(of[hop].stock, headers, getter);
    expectAuth(ctx, of[hop].verdict, `${side} ${hop}`);
    sides[side].spanProcessor.onStart(span, ctx);
    if (span.attributes['jwt.result'] !== 'valid') fail(`${side} ${hop}: onStart set no attributes`);
  }
}

const started = Date.now();
const cells = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const side of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
    for (const hop of HOPS) {
      const fn = request(side, hop);
      const arg = make(hop);
      bench(`${side}|${hop}|${round}`, function* () {
        yield { heap: false, 0: arg, bench: (value: unknown) => do_not_optimize(fn(value as Request)) };
      });
    }
  }
}
const { benchmarks } = await run({ format: 'quiet', throw: true });
for (const trial of benchmarks) {
  const [side, hop] = trial.alias.split('|');
  const p50 = trial.runs[0]?.stats?.p50 ?? fail(`no result for ${trial.alias}`);
  const key = `${side}|${hop}`;
  cells.set(key, [...(cells.get(key) ?? []), p50]);
}

process.stderr.write(`  paired on / off: ${ROUNDS * HOPS.length} x ${PAIRED_MS} ms\n`);
const paired = new Map<Hop, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const hop of round % 2 === 0 ? HOPS : [...HOPS].reverse()) {
    const ratio = pairedRatio(
      { make: make(hop), run: request('on', hop) },
      { make: make(hop), run: request('off', hop) },
      PAIRED_MS,
    );
    paired.set(hop, [...(paired.get(hop) ?? []), ratio]);
  }
}

// What the timed calls counted, read as a metric reader reads it: the counts are real.
const { resourceMetrics } = await reader.collect();
const verifications = resourceMetrics.scopeMetrics
  .flatMap((scope) => scope.metrics)
  .find((metric) => metric.descriptor.name === 'jwt.verifications');
const counted = verifications?.dataPoints.reduce((sum, point) => sum + (point.value as number), 0) ?? 0;
if (counted === 0) fail('metrics on counted no verification');

const seconds = ((Date.now() - started) / 1000).toFixed(0);
const us = (value: number) => `${(value / 1000).toFixed(2)} µs`;
console.log(
  `\notel-jwt metrics per request, extract + onStart with a repeated ES256 token: metrics on vs 'off' (node ${process.version}, ${ROUNDS} rounds, ${seconds} s)`,
);
console.log(`(onStart on ${spans.label})`);
console.log(
  `${''.padEnd(12)}${'off'.padStart(12)}${'on'.padStart(12)}${'on / off'.padStart(12)}${'paired'.padStart(10)}`,
);
const verdicts: string[] = [];
for (const hop of HOPS) {
  const off = median(cells.get(`off|${hop}`) ?? []);
  const on = median(cells.get(`on|${hop}`) ?? []);
  const ratio = median(paired.get(hop) ?? []);
  const rounds = (paired.get(hop) ?? []).map((r) => r.toFixed(3)).join(', ');
  console.log(
    `${hop.padEnd(12)}${us(off).padStart(12)}${us(on).padStart(12)}${(on / off).toFixed(3).padStart(12)}${ratio.toFixed(3).padStart(10)}   (rounds: ${rounds})`,
  );
  const added = ((ratio - 1) * 100).toFixed(1);
  verdicts.push(
    ratio <= TARGET
      ? `MET   ${hop}: metrics add ${added} % (target <= 5 %)`
      : `MISS  ${hop}: metrics add ${added} %, ${((ratio - TARGET) * 100).toFixed(1)} points over the 5 % target`,
  );
}
console.log(
  `\n${counted.toLocaleString('en-US')} verifications counted by the measured telemetry and collected`,
);
console.log('targets:');
for (const line of verdicts) console.log(`  ${line}`);
await sides.on.shutdown();
await sides.off.shutdown();
await meterProvider.shutdown();
